"""Build the ASEAN boundary file shipped in lib/evbrief/assets from the world-atlas npm package.

world-atlas 2.0.2 (ISC licence; Natural Earth 1:50m, public domain) is a TopoJSON of every country. We keep
ASEAN's members (and Timor-Leste, for a continuous map) as GeoJSON rounded to 0.01 degree, so the
supply-chain map needs no download at run time. Rebuild with:
`npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz && python -m evbrief.data.sources.boundaries package/countries-50m.json`
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry

from evbrief.data.countries import ASEAN

ASSET = Path(__file__).resolve().parents[1] / "assets" / "asean-boundaries.geojson"
KEEP = (*ASEAN, "TLS")


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 2), round(y * sy + ty, 2)))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def build(world_atlas: Path) -> dict:
    topo = json.loads(world_atlas.read_text())
    arcs = _arcs(topo)
    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        country = pycountry.countries.get(numeric=str(geom.get("id", "")).zfill(3))
        if country is None or country.alpha_3 not in KEEP:
            continue
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        coords = [[_ring(r, arcs) for r in polygon] for polygon in polygons]
        features.append(
            {
                "type": "Feature",
                "id": country.alpha_3,
                "properties": {"iso3": country.alpha_3},
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "source": "world-atlas 2.0.2 (ISC), from Natural Earth 1:50m (public domain)",
    }


def load() -> dict:
    return json.loads(ASSET.read_text())


if __name__ == "__main__":
    collection = build(Path(sys.argv[1]))
    ASSET.write_text(json.dumps(collection, separators=(",", ":")))
    print(f"{ASSET}: {len(collection['features'])} countries, {ASSET.stat().st_size // 1024} KB")
