"""Simplified/Traditional script (OpenCC): detect it, normalise model input to Simplified, convert for display."""

from __future__ import annotations

import functools
import re

from bilingual.options import ConvertTarget, ScriptChoice

# --script choices -> OpenCC configuration applied to Simplified-normalised text (None: keep the original).
DISPLAY_CONVERSIONS: dict[ScriptChoice, str | None] = {
    ScriptChoice.KEEP: None,
    ScriptChoice.SIMPLIFIED: "t2s",
    ScriptChoice.TRADITIONAL: "s2t",
    ScriptChoice.TAIWAN: "s2twp",
    ScriptChoice.HONGKONG: "s2hk",
}
# --to choices of `bilingual convert`, OpenCC configuration applied to the original text.
CONVERT_TARGETS: dict[ConvertTarget, str] = {
    ConvertTarget.SIMPLIFIED: "t2s",
    ConvertTarget.TRADITIONAL: "s2t",
    ConvertTarget.TAIWAN: "s2twp",
    ConvertTarget.HONGKONG: "s2hk",
}
# The one definition of "a Chinese character" (Han ideograph) in bilingual: CJK Unified Ideographs with
# Extension A, the compatibility ideographs, and the supplementary-plane extensions (rare names, old forms).
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_CLASS}]")


def has_han(text: str) -> bool:
    """Whether text holds any Chinese character: what decides that a line goes to the model."""
    return bool(HAN.search(text))




@functools.cache
def converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def convert(text: str, config: str | None) -> str:
    return text if config is None or not text else converter(config).convert(text)


def detect_script(text: str) -> str:
    """'traditional' when more Han characters change going to Simplified than going to Traditional."""
    sample = "".join(HAN.findall(text))[:4000]
    if not sample:
        return "simplified"
    to_simplified = converter("t2s").convert(sample)
    to_traditional = converter("s2t").convert(sample)
    changed_by_t2s = sum(a != b for a, b in zip(sample, to_simplified, strict=False))
    changed_by_s2t = sum(a != b for a, b in zip(sample, to_traditional, strict=False))
    return "traditional" if changed_by_t2s > changed_by_s2t else "simplified"


def to_model_input(text: str) -> str:
    """The model was trained on Simplified text: Traditional input is converted before translation."""
    return converter("t2s").convert(text)


def for_display(text: str, choice: ScriptChoice, original_script: str) -> str:
    """The Chinese side of an edition in the script the user asked for."""
    config = DISPLAY_CONVERSIONS[choice]
    if config is None:
        return text
    if config == "t2s":
        return convert(text, "t2s") if original_script == "traditional" else text
    if config == "s2t" and original_script == "traditional":
        return text  # already Traditional: a round trip through Simplified could only lose variants
    # Traditional targets: go through Simplified so Taiwan/Hong Kong variants come out consistently.
    source = convert(text, "t2s") if original_script == "traditional" else text
    return convert(source, config)


def display_script(choice: ScriptChoice, original_script: str) -> str:
    """Which script the Chinese side ends up in: simplified | traditional."""
    if choice == "keep":
        return original_script
    return "simplified" if choice == "simplified" else "traditional"


def lang_tag(script_name: str, choice: str = "keep") -> str:
    """BCP 47 tag for the Chinese side: zh-Hans, zh-Hant, or a regional zh-Hant-TW / zh-Hant-HK."""
    if script_name == "simplified":
        return "zh-Hans"
    return {"taiwan": "zh-Hant-TW", "hongkong": "zh-Hant-HK"}.get(choice, "zh-Hant")
