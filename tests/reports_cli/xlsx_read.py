"""Reading a report workbook back: openpyxl for the cells, and the charts from the file's own
parts (xl/charts/chart*.xml and the drawings that place them on a sheet), since openpyxl has
no public way to list a loaded sheet's charts."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/package/2006/relationships",
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Chart:
    sheet: str  # the sheet whose drawing holds it
    kind: str  # "lineChart", "barChart"...
    title: str
    series_names: list[str]  # each series' name cell, e.g. 'hour'!J1
    categories: list[str]  # each series' category range
    values: list[str]  # each series' value range


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = ET.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
    # A target is relative to the part's folder, or absolute from the package's root.
    return {
        r.attrib["Id"]: posixpath.normpath(posixpath.join(folder, r.attrib["Target"])).lstrip("/")
        for r in rels.findall("r:Relationship", NS)
    }


def charts(path: Path) -> list[Chart]:
    found = []
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        targets = _rels(z, "xl/workbook.xml")
        for sheet in book.findall("m:sheets/m:sheet", NS):
            part = targets[sheet.attrib[REL_ID]]
            if (
                f"{posixpath.dirname(part)}/_rels/{posixpath.basename(part)}.rels"
                not in z.namelist()
            ):
                continue
            for drawing in _rels(z, part).values():
                if "drawings/" not in drawing:
                    continue
                for chart_part in _rels(z, drawing).values():
                    found.append(_chart(sheet.attrib["name"], ET.fromstring(z.read(chart_part))))
    return found


def _chart(sheet: str, space: ET.Element) -> Chart:
    plot = space.find("c:chart/c:plotArea", NS)
    assert plot is not None
    kind = next(el for el in plot if el.tag.endswith("Chart"))
    title = "".join(t.text or "" for t in space.findall("c:chart/c:title//a:t", NS))
    series = kind.findall("c:ser", NS)
    return Chart(
        sheet=sheet,
        kind=kind.tag.split("}")[1],
        title=title,
        series_names=[s.findtext("c:tx/c:strRef/c:f", "", NS) for s in series],
        categories=[s.findtext("c:cat/c:strRef/c:f", "", NS) for s in series],
        values=[s.findtext("c:val/c:numRef/c:f", "", NS) for s in series],
    )
