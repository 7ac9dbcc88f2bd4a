"""QR codes as SVG, drawn on the server with the pure-Python ``segno`` package (no JavaScript, no CDN)."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str, *, title: str = "", scale: int = 10, border: int = 4) -> str:
    """An SVG image of a QR code holding ``data``.

    Error correction level M survives a projector's glare and keystone; the white quiet zone (``border``
    modules, the minimum the standard asks for) keeps it readable on a dark slide. Without a fixed
    width and height, the image scales to the box it is put in.
    """
    code = segno.make(data, error="m", micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=scale,
        border=border,
        dark="#000",
        light="#fff",
        title=title or None,
        svgclass="qr-code",
        lineclass=None,
        omitsize=True,
        xmldecl=False,
        nl=False,
    )
    return out.getvalue().decode("utf-8")
