"""Term glossaries, one module per concept:

- glossary: Glossary, the entries in force (later files winning), with their index and word gate
- tsv: the glossary file format (read, write, merge entries into a file)
- lint: problems an editor must fix; usage: which terms a folder uses; exchange: CSV/TSV/TBX for other tools

What a term is (Entry), finding terms in a sentence and checking a translation renders them live in
bilingual.terms, which the names layer shares; enforcing them through the model is bilingual.translate's.
"""

from __future__ import annotations

from bilingual.errors import GlossaryError
from bilingual.glossary.glossary import Glossary
from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match, SentenceTerms, Violation, check
from bilingual.terms.tsv import read_entries

__all__ = ["Entry", "Glossary", "GlossaryError", "Match", "SentenceTerms", "Violation", "check", "read_entries"]
