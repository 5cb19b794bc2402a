#!/usr/bin/env python3
"""Makes the Ethiopic subset fonts that Tigrinya and Amharic pages load from Haven's own origin.

Stock older Android phones often have no Ethiopic font, so ti/am pages would show empty boxes. We serve
Noto Sans Ethiopic (SIL Open Font License 1.1, OFL.txt beside the fonts) regular weight, in two parts that
the browser fetches only when a page has a character in their unicode-range:

  noto-sans-ethiopic-core.woff2  the characters the ti and am bundles use (every ti/am page needs it)
  noto-sans-ethiopic-rest.woff2  the rest of the Ethiopic block (only for typed text or replies using it)
  noto-sans-ethiopic-names.woff2 the letters of the two endonyms, for the language list on every page

and writes the matching @font-face rules into haven.css between the ethiopic-font markers. Run it again
whenever msg_ti.properties or msg_am.properties change (EthiopicFontTest fails until you do):

  cd /tmp && npm pack @fontsource/noto-sans-ethiopic@5.3.0 && tar xzf fontsource-noto-sans-ethiopic-5.3.0.tgz
  apt-get install -y python3-fonttools python3-brotli
  /usr/bin/python3 src/main/fonts/subset-ethiopic.py \
      /tmp/package/files/noto-sans-ethiopic-ethiopic-400-normal.woff2
"""
import pathlib
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = pathlib.Path(__file__).resolve().parents[3]
MESSAGES = ROOT / "src/main/resources/messages"
FONTS = ROOT / "src/main/resources/META-INF/resources/fonts"
CSS = ROOT / "src/main/resources/META-INF/resources/css/haven.css"
BLOCK = range(0x1200, 0x1380)  # Ethiopic: the syllables, punctuation and numerals Tigrinya and Amharic use
PUNCTUATION = range(0x1360, 0x1369)  # ። ፣ ፤ ፥ ፦ ፧ ፨ and the wordspace, needed whatever the text


def bundle_characters():
    chars = set(PUNCTUATION)
    for tag in ("ti", "am"):
        path = MESSAGES / f"msg_{tag}.properties"
        if path.exists():
            chars.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) in BLOCK)
    return chars


def ranges(codepoints, missing=frozenset()):
    """CSS unicode-range text; runs may bridge code points the font lacks (they can never be shown)."""
    out, run = [], []
    for cp in sorted(codepoints):
        if run and all(gap in missing for gap in range(run[-1] + 1, cp)):
            run.append(cp)
        else:
            if run:
                out.append(run)
            run = [cp]
    if run:
        out.append(run)
    return ", ".join(f"U+{r[0]:X}" if len(r) == 1 else f"U+{r[0]:X}-{r[-1]:X}" for r in out)


def write_subset(source, codepoints, name):
    options = subset.Options()
    options.flavor = "woff2"
    # Everything but kerning: its pairs are three quarters of the subset (16.5 KB -> 7.9 KB for the Tigrinya
    # letters), and the syllables read the same without it. That keeps ti/am form pages near the budget.
    options.layout_features = ["ccmp", "locl", "mark", "mkmk", "calt"]
    options.name_IDs = ["*"]  # keep the copyright and licence names the OFL asks to keep
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    path = FONTS / name
    font.flavor = "woff2"
    font.save(path)
    return path.stat().st_size


def endonym_characters():
    chars = set()
    for tag in ("ti", "am"):
        path = MESSAGES / f"msg_{tag}.properties"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("language.endonym="):
                    chars.update(ord(c) for c in line.split("=", 1)[1] if ord(c) in BLOCK)
    return chars


def main(source):
    FONTS.mkdir(parents=True, exist_ok=True)
    available = set(TTFont(source).getBestCmap())
    missing = frozenset(set(BLOCK) - available)
    core = sorted(bundle_characters() & available)
    rest = sorted(set(BLOCK) & available - set(core))
    names = sorted(endonym_characters() & available)
    core_size = write_subset(source, core, "noto-sans-ethiopic-core.woff2")
    rest_size = write_subset(source, rest, "noto-sans-ethiopic-rest.woff2")
    names_size = write_subset(source, names or list(PUNCTUATION), "noto-sans-ethiopic-names.woff2")
    rules = (
        "/* ethiopic-font:begin (written by src/main/fonts/subset-ethiopic.py; do not edit by hand) */\n"
        "@font-face { font-family: \"Haven Ethiopic\"; font-display: swap;"
        " src: local(\"Noto Sans Ethiopic\"), local(\"NotoSansEthiopic-Regular\"),"
        " url(/fonts/noto-sans-ethiopic-core.woff2) format(\"woff2\");"
        f" unicode-range: {ranges(core, missing)}; }}\n"
        "@font-face { font-family: \"Haven Ethiopic\"; font-display: swap;"
        " src: local(\"Noto Sans Ethiopic\"), local(\"NotoSansEthiopic-Regular\"),"
        " url(/fonts/noto-sans-ethiopic-rest.woff2) format(\"woff2\");"
        f" unicode-range: {ranges(rest, missing)}; }}\n"
        "/* Just the letters of ትግርኛ and አማርኛ, so the language list shows them on every page. */\n"
        "@font-face { font-family: \"Haven Ethiopic Names\"; font-display: swap;"
        " src: local(\"Noto Sans Ethiopic\"), local(\"NotoSansEthiopic-Regular\"),"
        " url(/fonts/noto-sans-ethiopic-names.woff2) format(\"woff2\");"
        f" unicode-range: {ranges(names, missing) if names else 'U+1360'}; }}\n"
        "/* ethiopic-font:end */"
    )
    css = CSS.read_text(encoding="utf-8")
    css, found = re.subn(r"/\* ethiopic-font:begin.*?ethiopic-font:end \*/", lambda m: rules, css, flags=re.S)
    if not found:
        raise SystemExit("haven.css has no ethiopic-font markers")
    CSS.write_text(css, encoding="utf-8")
    print(f"core: {len(core)} characters, {core_size} bytes; rest: {len(rest)} characters, {rest_size} bytes; "
          f"names: {len(names)} characters, {names_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
