"""The building blocks every stage uses: the Claim record and its register (claims), the language
layer (language, locale/*.toml), files written atomically (files) and child processes (processes)."""
