"""REFI-QDA codebook (``.qdc``, Codebook.xsd 1.0): categories and dimensions as codes in their hierarchy.

GUIDs are derived, never random: uuid5 of the code id in a namespace derived from the study id, so
the same codebook always exports the same file and QDA programs recognise their codes on re-import.
A GUID or colour a category file keeps (from an import) wins over the derived one.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET

from .. import __version__
from ..model import Category, Codebook, Quote
from .plaintext import in_language, plain_text
from .qdc_sections import anchor_text, basis_text, compose

NAMESPACE = "urn:QDA-XML:codebook:1.0"
SCHEMA_LOCATION = f"{NAMESPACE} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "urn:befund:refi-qda:codebook")
"""``222039b0-a9cb-5b00-be51-96cd437842fe``, parent of every study's GUID namespace. Never change it:
every GUID befund ever exported would change."""

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442")
"""Okabe–Ito colours (distinguishable with colour-vision deficiencies), one per main category's branch."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def study_namespace(study_id: str) -> uuid.UUID:
    return uuid.uuid5(GUID_ROOT, study_id)


def code_guid(study_id: str, code_id: str) -> str:
    """The GUID befund gives a category or dimension: the same for the same study and id, always."""
    return str(uuid.uuid5(study_namespace(study_id), code_id))


def branch_colors(codebook: Codebook) -> dict[str, str]:
    """Category or dimension id → the palette colour of its main category (palette order = codebook order)."""
    mains = {main.id: PALETTE[i % len(PALETTE)] for i, main in enumerate(codebook.children(None))}
    colors = {}
    for ident in codebook.categories:
        chain = codebook.ancestors(ident)
        top = chain[0].id if chain else ident
        if top in mains:
            colors[ident] = mains[top]
    return colors


def to_qdc(codebook: Codebook, lang: str) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` file: names and descriptions in *lang*, UTF-8, no BOM."""
    root = ET.Element("CodeBook", {"xmlns": NAMESPACE, "xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA_LOCATION,
                                   "origin": f"befund {__version__}"})
    codes = ET.SubElement(root, "Codes")
    writer = _Writer(codebook, lang, branch_colors(codebook))
    for main in codebook.children(None):
        writer.add(codes, main)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


class _Writer:
    def __init__(self, codebook: Codebook, lang: str, colors: dict[str, str]):
        self.codebook, self.lang, self.colors = codebook, lang, colors
        self.used: set[str] = set()

    def add(self, parent: ET.Element, node: Category) -> None:
        guid = node.guid if node.guid and node.guid.casefold() not in self.used else code_guid(
            self.codebook.study.id, node.id)  # a GUID kept twice (a copied file) would merge two codes
        self.used.add(guid.casefold())
        attributes = {"guid": guid, "name": _xml(in_language(node.label, self.lang, node.id)), "isCodable": "true"}
        color = node.color or self.colors.get(node.id)
        if color:
            attributes["color"] = color
        code = ET.SubElement(parent, "Code", attributes)
        description = self.description(node)
        if description:
            ET.SubElement(code, "Description").text = _xml(description)
        for child in self.codebook.children(node.id):
            self.add(code, child)

    def description(self, node: Category) -> str:
        lang, codebook = self.lang, self.codebook
        sections = [("definition", plain_text(in_language(node.summary, lang), codebook, lang)),
                    ("description", plain_text(in_language(node.description, lang), codebook, lang))]
        if node.basis is not None:
            sections.append(("basis", basis_text(node.basis, lang)))
        anchor = key_quote(codebook, node.id)
        if anchor is not None:
            data_language = codebook.study.data_language
            text = anchor.original if lang == data_language else anchor.translation.get(lang, anchor.original)
            translated = lang != data_language and lang in anchor.translation
            sections.append(("anchor", anchor_text(text, anchor.id, lang, translated)))
        return compose(sections, lang)


def key_quote(codebook: Codebook, category_id: str) -> Quote | None:
    """The anchor example: the first quote (in the article's order) interpreted here, else the first coded here."""
    coded = codebook.quotes_coded(category_id)
    primary = [q for q in coded if q.codings and q.codings[0].id == category_id]
    found = primary or coded
    return found[0] if found else None


def _xml(text: str) -> str:
    """Characters XML 1.0 cannot hold are dropped (a stray control character must not spoil the file)."""
    return _NOT_XML.sub("", text)
