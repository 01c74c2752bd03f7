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
