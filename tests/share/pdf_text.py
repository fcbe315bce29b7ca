"""Just enough of a PDF reader to check what Chromium printed, with nothing beyond the standard
library (no pdftotext or pypdf on this machine): the number of pages, and each page's text.

It reads the PDFs Chromium's Skia backend writes: uncompressed object syntax, FlateDecode content
streams, and fonts with a ToUnicode CMap (bfchar and bfrange entries), text shown with Tj and TJ.
Each text-showing operator starts a new run; a run that starts on a new line (Td, TD, T*, Tm, or
BT) is joined with a space, so a search should collapse white space first (``normalised``)."""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)\r?\nendstream", re.S)
REF = rb"(\d+) 0 R"


class Pdf:
    def __init__(self, data: bytes):
        if not data.startswith(b"%PDF-"):
            raise ValueError("not a PDF file")
        self.objects = {}
        self.streams = {}
        for number, body in OBJECT.findall(data):
            match = STREAM.match(body)
            if match:
                head, raw = match.groups()
                self.objects[int(number)] = head
                self.streams[int(number)] = zlib.decompress(raw) if b"/FlateDecode" in head else raw
            else:
                self.objects[int(number)] = body

    @property
    def pages(self) -> list:
        return [number for number, body in sorted(self.objects.items()) if re.search(rb"/Type\s*/Page(?![s\w])", body)]

    def _resolve(self, body: bytes, key: bytes) -> bytes:
        """The value of /key in body: an inline dictionary (nested ones included), or the object a
        reference points to."""
        match = re.search(rb"/" + key + rb"\s*(?:" + REF + rb"|(<<))", body)
        if not match:
            return b""
        if match.group(1):
            return self.objects[int(match.group(1))]
        depth, index = 0, match.start(2)
        while index < len(body):
            if body.startswith(b"<<", index):
                depth, index = depth + 1, index + 2
            elif body.startswith(b">>", index):
                depth, index = depth - 1, index + 2
                if depth == 0:
                    return body[match.start(2) : index]
            else:
                index += 1
        raise ValueError(f"unbalanced dictionary after /{key.decode()}")

    def _cmap(self, font_number: int) -> tuple:
        match = re.search(rb"/ToUnicode\s*" + REF, self.objects[font_number])
        if not match:
            return 1, {}
        text = self.streams[int(match.group(1))].decode("latin-1")
        space = re.search(r"begincodespacerange\s*<([0-9A-Fa-f]+)>", text)
        width = len(space.group(1)) // 2 if space else 2
        mapping = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                mapping[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for low, high, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                first = int(uni, 16)
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    mapping[code] = chr(first + offset)
        return width, mapping

    def page_text(self, page_number: int) -> str:
        page = self.objects[page_number]
        fonts = {}
        font_dict = self._resolve(self._resolve(page, b"Resources"), b"Font")
        for name, number in re.findall(rb"/([\w.+-]+)\s*" + REF, font_dict):
            fonts[name.decode()] = self._cmap(int(number))
        contents = re.search(rb"/Contents\s*(?:\[(.*?)\]|" + REF + rb")", page, re.S)
        numbers = re.findall(REF, contents.group(1)) if contents.group(1) else [contents.group(2)]
        content = b"\n".join(self.streams[int(number)] for number in numbers).decode("latin-1")
        out, width, mapping = [], 2, {}
        actual = None  # the text of a /Span with /ActualText (a ligature): said once, its glyphs skipped
        operators = re.compile(
            r"/([\w.+-]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj"
            r"|/ActualText\s*\((.*?)\)\s*>>\s*BDC|\b(EMC)\b"
            r"|(-?[\d.]+)\s+(-?[\d.]+)\s+T[dD]\b|\b(T\*|Tm|BT)\b",
            re.S,
        )
        for token in operators.finditer(content):
            font, array, single, actual_text, end_span, _, dy, move = token.groups()
            if font:
                width, mapping = fonts.get(font, (2, {}))
            elif actual_text is not None:
                actual = actual_text
                out.append(actual_text)
            elif end_span:
                actual = None
            elif move or (dy is not None and float(dy) != 0):
                out.append(" ")  # a new line (a move along the line is kerning, not a space)
            elif (array is not None or single is not None) and actual is None:
                for hexa in re.findall(r"<([0-9A-Fa-f]*)>", array) if array is not None else [single]:
                    raw = bytes.fromhex(hexa)
                    out.extend(mapping.get(int.from_bytes(raw[i : i + width], "big"), "") for i in range(0, len(raw), width))
        return "".join(out)

    def text(self) -> str:
        return "\n".join(self.page_text(number) for number in self.pages)


def normalised(text: str) -> str:
    return " ".join(text.split())
