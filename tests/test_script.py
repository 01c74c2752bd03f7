from bilingual import script
from bilingual.convert import convert_folder, convert_text


def test_detect_script():
    assert script.detect_script("中国外交部发言人说，这是关键时刻。") == "simplified"
    assert script.detect_script("中國外交部發言人說，這是關鍵時刻。") == "traditional"


def test_model_input_is_simplified():
    assert script.to_model_input("臺獨與釣魚臺") == "台独与钓鱼台"


def test_display_conversions():
    simp = "中国外交部发言人"
    assert script.for_display(simp, "keep", "simplified") == simp
    assert script.for_display(simp, "traditional", "simplified") == "中國外交部發言人"
    assert script.for_display("軟體", "simplified", "traditional") == "软体"
    assert script.for_display("软件", "taiwan", "simplified") == "軟體"  # s2twp uses Taiwan vocabulary
    assert script.lang_tag("traditional", "hongkong") == "zh-Hant-HK"


def test_convert_keeps_markup_and_urls():
    text = '---\ntitle: "中国外交部"\nfrom: https://example.org/中国\n---\n<p class="头">发言人</p>[链接](https://e.org/发)\n'
    out = convert_text(text, "s2t")
    assert out == '---\ntitle: "中國外交部"\nfrom: https://example.org/中国\n---\n<p class="头">發言人</p>[鏈接](https://e.org/发)\n'


def test_convert_folder_writes_same_layout(tmp_path):
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    (src / "a.md").write_text("---\ntitle: 中国外交部\n---\n<p>发言人说。</p>\n", encoding="utf-8")
    result = convert_folder(tmp_path / "in", tmp_path / "out", "traditional")
    out = (tmp_path / "out" / "sub" / "a.md").read_text(encoding="utf-8")
    assert result.written and out == "---\ntitle: 中國外交部\n---\n<p>發言人說。</p>\n"
