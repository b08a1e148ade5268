"""Turning notebooks into the publication: render (papermill, nbconvert, PDF), warm kernels and browser,
the manifest of inputs, the publication and its catalogue, the editions archive, and the command line."""
