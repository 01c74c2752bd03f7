"""Amounts in 万/亿 and sums of money (amounts.py): read right, rendered as English news writes them, enforced.

The sentences are from the real posts in ../shared/corpus/posts, where the model alone wrote 9191.4万 as
"9.9114 million", 132.0万 as "132.0 million" and 468.1万 as "46.81 million".
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal

from conftest import run_cli

from bilingual import amounts, script

PARTY = "中央组织部最新党内统计数据显示，截至2019年底，中国共产党党员总数为9191.4万名，比上年净增132.0万名。"
ORGANISATIONS = "党的基层组织468.1万个，比上年净增7.1万个。"
FINE = "没收违法所得5万元，罚款1403.3万元。"


def found(sentence: str) -> dict[str, str]:
    """Each amount of a sentence (as written) and its rendering."""
    source = script.to_model_input(sentence)
    return {m.entry.source: m.entry.rendering
            for m in amounts.find(source, simplified_script=source == sentence)}


def test_counts_in_wan_and_yi_read_as_english_writes_them():
    assert found(PARTY) == {"9191.4万": "91.914 million", "132.0万": "1.32 million"}
    assert found(ORGANISATIONS) == {"468.1万": "4.681 million", "7.1万": "71,000"}
    assert found("减至7亿7586万人")["7亿7586万"] == "775.86 million"
    assert found("达到2.1814万亿日元")["2.1814万亿日元"] == "2.1814 trillion yen"
    assert found("石家庄市人口1100万")["1100万"] == "11 million"


def test_sums_of_money_in_their_currency():
    assert found(FINE) == {"5万元": "50,000 yuan", "1403.3万元": "14.033 million yuan"}  # not "$1.433 million"
    assert found("达到9.5002万美元。")["9.5002万美元"] == "$95,002"  # not "$95.020 million"
    assert found("投入2000亿日元以上")["2000亿日元"] == "200 billion yen"  # not "Yen20 billion"
    assert found("平均达到32万1000韩元")["32万1000韩元"] == "321,000 won"
    assert found("每平方米9万8000元的")["9万8000元"] == "98,000 yuan"
    assert found("约合人民币652.9 元")["人民币652.9 元"] == "652.9 yuan"
    assert found("金额高达19 000亿美元")["19 000亿美元"] == "$1.9 trillion"  # thousands spaced, as RFI writes
    assert found("罚款300萬港元")["300万港元"] == "HK$3 million"


def test_other_correct_forms_count_as_rendered():
    forms = amounts.english(Decimal("4142000000"), amounts.CURRENCIES["美元"])
    assert forms[0] == "$4.142 billion"
    assert {"$4,142 million", "US$4.142 billion", "4.142 billion US dollars"} <= set(forms)
    assert {"110,000", "110000"} <= set(amounts.english(Decimal(110000)))


def test_what_is_not_an_amount_is_left_alone():
    assert found("相当于5千米的距离") == {}  # 千米 is a kilometre
    assert found("概率只有万分之一") == {}
    assert found("每月花费200～500万韩元也很普通") == {}  # the multiplier is shared: left to the model
    assert "5千万" not in found("总额3亿5千万")  # not read as 50 million alone
    assert found("他在2019年说了300次") == {}  # a plain number


def test_a_bare_yuan_is_yuan_only_in_simplified():
    assert found("总额300万元")["300万元"] == "3 million yuan"
    # in a Hong Kong or Taiwan sentence 元 is its own dollar: the number alone is enforced
    assert found("總額300萬元，當局說")["300万"] == "3 million"


def test_real_model_states_the_amounts_at_their_value(model_info, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2020-07-01-party.md").write_text(
        f"---\ntitle: 党员人数\ndate: 2020-07-01\n---\n\n{PARTY}\n\n{ORGANISATIONS}\n\n厦门市场监管局{FINE}\n",
        encoding="utf-8")
    home = tmp_path / "home"
    run = run_cli(["translate", posts, "--out", tmp_path / "out", "--quiet", "--format", "html"], home,
                  model_info.path)
    assert run.returncode == 0, run.stderr
    page = next((tmp_path / "out" / "html").rglob("*party.html")).read_text(encoding="utf-8")
    for english in ("91.914 million", "1.32 million", "4.681 million", "14.033 million yuan"):
        assert english in page
    rows = list(csv.DictReader((tmp_path / "out" / "glossary-report.csv").open(encoding="utf-8")))
    by_term = {r["term"]: r for r in rows}
    assert by_term["9191.4万"]["origin"] == amounts.ORIGIN and by_term["9191.4万"]["violations"] == "0"
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["glossary"]["violations"] == 0

    # --no-amounts: the model's own English, no amount terms
    off = run_cli(["translate", posts, "--out", tmp_path / "off", "--quiet", "--format", "html", "--no-amounts"],
                  home, model_info.path)
    assert off.returncode == 0, off.stderr
    off_rows = list(csv.DictReader((tmp_path / "off" / "glossary-report.csv").open(encoding="utf-8")))
    assert not any(r["origin"] == amounts.ORIGIN for r in off_rows)
