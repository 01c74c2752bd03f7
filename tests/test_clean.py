from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.clean import body_to_blocks


def kinds_and_texts(body):
    return [(b.kind, b.text) for b in body_to_blocks(body)]


def test_scraper_debris_is_dropped():
    body = (
        '<div><p>正文一。</p><section id="imu"><div id="dfp-ad-imu1"> </div></section>'
        "<script>var x = '脚本';</script><style>p{}</style><iframe src='https://x'></iframe>"
        "<noscript><img src='https://t.example/p.gif'></noscript><p></p>"
        '<a href="https://subscribe.example.com/promotions/?utm_content=subscribelink"><img src="x.png"></a>'
        "<p>正文二。</p></div>"
    )
    assert kinds_and_texts(body) == [("paragraph", "正文一。"), ("paragraph", "正文二。")]


def test_block_kinds_from_html():
    body = (
        "<h2>小标题</h2><p>段落。</p><ul><li>第一项</li><li>第二项</li></ul>"
        "<blockquote><p>引语。</p></blockquote><figure><img src='a.png'><figcaption>图说。</figcaption></figure>"
    )
    assert kinds_and_texts(body) == [
        ("heading", "小标题"),
        ("paragraph", "段落。"),
        ("item", "第一项"),
        ("item", "第二项"),
        ("quote", "引语。"),
        ("caption", "图说。"),
    ]


def test_markdown_body_with_inline_html_figure():
    body = (
        "# 标题\n\n<figure>\n<img src=\"a.png\" alt=\"\">\n<figcaption>图说文字。</figcaption>\n</figure>\n\n"
        "第一段有[链接](https://example.org)。\n\n> 引用一句。\n"
    )
    assert kinds_and_texts(body) == [
        ("heading", "标题"),
        ("caption", "图说文字。"),
        ("paragraph", "第一段有链接。"),
        ("quote", "引用一句。"),
    ]


def test_double_line_break_separates_paragraphs():
    assert kinds_and_texts("<div>第一段。<br><br>第二段。<br>同一段。</div>") == [
        ("paragraph", "第一段。"),
        ("paragraph", "第二段。 同一段。"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcdpivhlu1中文。\n&;!-[]()#*")), max_size=300))
def test_cleaner_never_raises_on_arbitrary_markup(body):
    for block in body_to_blocks(body):
        assert block.text == block.text.strip()
        assert block.text


def test_template_code_and_empty_values_from_scrapers_are_dropped():
    markdown = (
        "拜登签署行政令。\n\n"
        "{{< video src=\"https://cdn.example.com/videos/2021/01/22/biden-signs-executive-order-keystone.mp4\" >}}\n\n"
        "{{% note %}}加拿大表示遗憾。{{% /note %}}\n\n"
        "{% include related.html post=page %}\n\n"
        "{{ page.author | default: '' }}\n\n"
        "null\n\nundefined\n\n"
        "油管项目已暂停。\n"
    )
    assert kinds_and_texts(markdown) == [("paragraph", "拜登签署行政令。"), ("paragraph", "加拿大表示遗憾。"),
                                         ("paragraph", "油管项目已暂停。")]
    assert kinds_and_texts("<p>正文。</p><p>null</p><p>{{< tweet 1234 >}}</p>") == [("paragraph", "正文。")]
    # the words themselves inside a sentence are text
    assert kinds_and_texts("<p>该字段的值为 null 或 undefined。</p>") == [
        ("paragraph", "该字段的值为 null 或 undefined。")]


def test_long_urls_wrap_inside_their_column():
    from bilingual.export import css
    from bilingual.export.epub import EPUB_CSS

    html_css = " ".join(css().split())
    assert ".pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);" in html_css
    assert "overflow-wrap: anywhere" in html_css.split(".pair > *", 1)[1].split("}", 1)[0]
    assert "overflow-wrap: break-word" in EPUB_CSS.split(".original, .translation {", 1)[1].split("}", 1)[0]
