"""From the query tree (``search/language/syntax.py``) to a Whoosh query.

Words and phrases are analysed by each searched field's own analyzer, so a
query word meets the index's terms in the same form (stemmed, stop words
dropped). Outlet, category and date clauses only select: they add nothing to
the score. Query-time expansion (synonyms) hooks in as ``expand``: given a word
of the query, the other words or phrases that should match too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from whoosh import query as Q
from whoosh.fields import Schema

from index.fields import FIELD_WEIGHTS
from index.normalize import normalize_category, normalize_source
from index.schema import EXACT_FIELD, JOINED, PHRASE_FIELD
from search.evaluation.filters import date_range
from search.evaluation.pairs import Together, pair_query
from search.evaluation.ranking import Ranking
from search.language import matching, syntax
from search.language.analysed import terms_of
from search.language.categories import category_names
from search.language.matching import loosened

__all__ = ["QueryBuilder", "build_query", "loosened", "positive_terms", "select"]

# The fields a query's words search, and their weights: the field table's (index/fields.py).
FIELD_BOOSTS = FIELD_WEIGHTS
# A relaxed query's optional parts: the first this many (each is a union over the fields).
MAX_RELAXED_PARTS = 32

Expander = Callable[[str], Iterable[str]]


def select(query: Q.Query) -> Q.Query:
    """``query`` as a pure condition: it filters matches and scores nothing."""
    return Q.ConstantScoreQuery(query, score=0.0)


def in_order(schema: Schema, text: str) -> Q.Query | None:
    """The condition that the words of ``text`` stand in this order (None: one word)."""
    if PHRASE_FIELD not in schema:
        return None
    words = terms_of(schema[PHRASE_FIELD].analyzer, text)
    return select(Q.Phrase(PHRASE_FIELD, words)) if len(words) > 1 else None


def in_phrase_field(names: Iterable[str]) -> bool:
    """Whether the ``phrase`` field holds the text of each of the fields ``names``
    (theirs, or the text they are themselves joined from)."""
    held = JOINED.get(PHRASE_FIELD, ())
    return all(name in held or JOINED.get(name) == held for name in names)


def without(base: Q.Query, unwanted: list[Q.Query]) -> Q.Query:
    """``base`` except what matches any of ``unwanted``."""
    if not unwanted:
        return base
    return Q.AndNot(base, unwanted[0] if len(unwanted) == 1 else Q.Or(unwanted))


class QueryBuilder:
    """Turns a query tree into a Whoosh query over one schema."""

    def __init__(
        self,
        schema: Schema,
        field_boosts: Mapping[str, float] = FIELD_BOOSTS,
        expand: Expander | None = None,
        categories: Mapping[str, str] | None = None,
        ranking: Ranking | None = None,
    ) -> None:
        self.schema = schema
        self.field_boosts = {f: b for f, b in field_boosts.items() if f in schema}
        self.expand = expand
        self.ranking = ranking or Ranking(common_weight=None)
        self.expansion_weight = self.ranking.expansion_weight
        # Lower-cased category name → the spelling in the index.
        self.categories = categories or {}

    def build(self, node: syntax.Node) -> Q.Query | None:
        """The query for ``node``, or None when nothing in it can match (stop words)."""
        if isinstance(node, syntax.And):
            return self.all_of(node.nodes)
        if isinstance(node, syntax.Or):
            options = [q for q in (self.build(n) for n in node.nodes) if q is not None]
            if not options:
                return None
            if len(options) > 1 and all(isinstance(q, Q.ConstantScoreQuery) for q in options):
                # Alternative outlets, categories or dates: still a condition, which a
                # relaxed query keeps (``source:(tempo.co OR okezone.com)``).
                return select(Q.Or([q.child for q in options]))
            return options[0] if len(options) == 1 else Q.Or(options)
        if isinstance(node, syntax.Not):
            inner = self.build(node.node)
            return None if inner is None else Q.AndNot(Q.Every(), inner)
        if isinstance(node, syntax.DateRange):
            return select(date_range(node.first, node.last))
        if node.field == "source":
            return select(self.source(node.text))
        if node.field == "category":
            return select(self.category(node.text))
        boosts = self.field_boosts if node.field is None else self.only(node.field)
        if isinstance(node, syntax.Phrase):
            return self.phrase(node.text, boosts)
        return self.word(node.text, boosts, expand=node.field is None)

    def phrase(self, text: str, boosts: Mapping[str, float]) -> Q.Query | None:
        """A quoted phrase: its words in order (:meth:`text`) and each of them as
        written (the surface-form field), scored on every field."""
        scored = self.text(text, boosts)
        if scored is None or EXACT_FIELD not in boosts:
            return scored
        analyzer = self.schema[EXACT_FIELD].analyzer
        written = [Q.Term(EXACT_FIELD, term) for term in terms_of(analyzer, text)]
        if not written:
            return scored
        return Q.And([select(written[0] if len(written) == 1 else Q.And(written)), scored])

    def parts(self, nodes: Iterable[syntax.Node]) -> tuple[list[Q.Query], list[Q.Query]]:
        """The queries of the positive parts, and of the excluded parts."""
        wanted, unwanted, _ = self.split(nodes)
        return wanted, unwanted

    def split(
        self, nodes: Iterable[syntax.Node]
    ) -> tuple[list[Q.Query], list[Q.Query], Q.Query | None]:
        """The queries of the positive parts and of the excluded parts, and (when the
        ranking weighs common words apart) the light part: the common words and pairs
        of ``search/language/matching.py``, None when there is none."""
        built: list[Q.Query | None] = []
        built_unwanted: list[Q.Query | None] = []
        common: list[syntax.Word] = []
        nodes = list(nodes)
        light = self.ranking.common_weight is not None
        seen: list[syntax.Node | matching.Bound | None] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            run = self.run_length(nodes[i:])
            asked = matching.question_length(nodes[i:]) if light else 0
            if run:
                words = _leading_words(nodes[i : i + run])
                built.append(self.run(words))
                # Its edges pair with a common word beside it (``ibu kota`` + ``baru``).
                seen += [matching.Bound(words[0]), None, matching.Bound(words[-1])]
                i += run
                continue
            if asked:
                seen += [None] * asked
                i += asked
                continue
            if isinstance(node, syntax.Not):
                built_unwanted.append(self.build(node.node))
            elif light and matching.is_common(node):
                common.append(node)
            else:
                built.append(self.build(node))
            seen.append(node)
            i += 1
        wanted = [q for q in built if q is not None]
        unwanted = [q for q in built_unwanted if q is not None]
        if not light:
            return wanted, unwanted, None
        if not any(not isinstance(q, Q.ConstantScoreQuery) for q in wanted):
            # Nothing else: the common words (else the question words) are the query,
            # still light, so that what they say together (their pairs) counts most.
            common_or_asked = common or [n for n in nodes if matching.is_plain(n)]
            boosts = self.light_boosts() or self.field_boosts
            found = (self.word(n.text, boosts, expand=True) for n in common_or_asked)
            wanted += [q for q in found if q is not None]
            common = []
        pairs = matching.neighbours(seen, every=self.ranking.pair_words == "all")
        return wanted, unwanted, self.light(common, pairs)

    def light(self, common: list[syntax.Word], pairs: list[tuple[str, str]]) -> Q.Query | None:
        """The common words, each optional at ``common_weight``, and the pairs of
        neighbouring words standing together, at ``pair_weight`` of their scores."""
        boosts = self.light_boosts()
        found = [self.text(node.text, boosts) for node in common] if boosts else []
        if self.ranking.pair_weight and PHRASE_FIELD in self.schema:
            analyzer = self.schema[PHRASE_FIELD].analyzer
            for left, right in pairs:
                terms = terms_of(analyzer, f"{left} {right}")
                beyond = self.ranking.pair_idf == "beyond"
                found.append(pair_query(terms, self.field_boosts, self.ranking.pair_weight, beyond))
        found = [q for q in found if q is not None]
        return None if not found else found[0] if len(found) == 1 else Q.Or(found)

    def light_boosts(self) -> dict[str, float]:
        """The field weights of a common word (none when common words weigh nothing)."""
        weight = self.ranking.common_weight
        return {name: boost * weight for name, boost in self.field_boosts.items()} if weight else {}

    def all_of(self, nodes: Iterable[syntax.Node]) -> Q.Query | None:
        """The positive parts required (past ``all_up_to`` of them, a share), every
        excluded part absent; the light part adds to the score."""
        wanted, unwanted, light = self.split(nodes)
        if not wanted and not unwanted:
            return None
        conditions = [q for q in wanted if isinstance(q, Q.ConstantScoreQuery)]
        words = [q for q in wanted if not isinstance(q, Q.ConstantScoreQuery)]
        ranking = self.ranking
        needed = len(words)
        if ranking.common_weight is not None:
            needed = matching.required(len(words), ranking.all_up_to, ranking.share)
        if needed < len(words):
            scored = matching.MinimumMatch(
                words, needed, ranking.coordination, ranking.coordination_idf
            )
            wanted = [*conditions, scored]
        base = Q.Every() if not wanted else wanted[0] if len(wanted) == 1 else Q.And(wanted)
        if light is not None and words:
            base = Q.AndMaybe(base, light)
        return without(base, unwanted)

    def relaxed(self, node: syntax.Node) -> Q.Query | None:
        """``node`` with its words no longer all required, or None when it cannot be.

        Any of the query's words (or phrases, or groups) may match and the more
        of them an article has, the higher it scores; outlet, category and date
        conditions and excluded words still hold. Only the first
        ``MAX_RELAXED_PARTS`` parts are kept, so a long query costs a bounded union.
        """
        if not isinstance(node, syntax.And):
            return None
        wanted, unwanted, light = self.split(node.nodes)
        conditions = [q for q in wanted if isinstance(q, Q.ConstantScoreQuery)]
        words = [q for q in wanted if not isinstance(q, Q.ConstantScoreQuery)]
        words = words[:MAX_RELAXED_PARTS]
        if len(words) < 2:
            return None
        anyof = Q.Or(words)
        if self.ranking.common_weight is not None:
            anyof = matching.MinimumMatch(
                words, 1, self.ranking.coordination, self.ranking.coordination_idf
            )
        if light is not None:
            anyof = Q.AndMaybe(anyof, light)
        return without(Q.And([*conditions, anyof]) if conditions else anyof, unwanted)

    def run_length(self, nodes: list[syntax.Node]) -> int:
        """How many plain words from the first form one expandable expression (0: none)."""
        if self.expand is None or not hasattr(self.expand, "run_length"):
            return 0
        words = [word.text for word in _leading_words(nodes)]
        return self.expand.run_length(words) if len(words) > 1 else 0

    def run(self, nodes: list[syntax.Word]) -> Q.Query | None:
        """Words that together are one expression (``joko widodo``): all of them, or a synonym."""
        assert self.expand is not None  # only a run found by ``run_length`` comes here
        each = [q for q in (self.text(n.text, self.field_boosts) for n in nodes) if q is not None]
        queries = [Q.And(each)] if each else []
        expression = " ".join(n.text for n in nodes)
        weaker = self.expansion_boosts(self.field_boosts)
        queries += [self.text(other, weaker) for other in self.expand(expression)]
        queries = [q for q in queries if q is not None]
        if not queries:
            return None
        return queries[0] if len(queries) == 1 else Q.Or(queries)

    def expansion_boosts(self, boosts: Mapping[str, float]) -> dict[str, float]:
        """Field weights for what expansion adds: ``expansion_weight`` of the words'."""
        return {name: boost * self.expansion_weight for name, boost in boosts.items()}

    def only(self, field: str) -> dict[str, float]:
        return {field: self.field_boosts.get(field, 1.0)} if field in self.schema else {}

    def word(self, text: str, boosts: Mapping[str, float], expand: bool) -> Q.Query | None:
        queries = [self.text(text, boosts)]
        if expand and self.expand is not None:
            weaker = self.expansion_boosts(boosts)
            queries += [self.text(other, weaker) for other in self.expand(text)]
        queries = [q for q in queries if q is not None]
        if not queries:
            return None
        return queries[0] if len(queries) == 1 else Q.Or(queries)

    def text(self, text: str, boosts: Mapping[str, float]) -> Q.Query | None:
        """``text`` in any of the fields: a term, or, when it is several words, each
        of them in the field and all of them in this order.

        The order is checked in the positions of the ``phrase`` field (the scored
        fields keep none, see ``index/schema.py``), for fields whose text it holds
        (title and body; an author's words need only all be there); it adds nothing
        to the score.
        """
        per_field = []
        for field, boost in boosts.items():
            terms = terms_of(self.schema[field].analyzer, text)
            if len(terms) == 1:
                per_field.append(Q.Term(field, terms[0], boost=boost))
            elif terms and self.schema[field].format.supports("positions"):
                per_field.append(Q.Phrase(field, terms, boost=boost))
            elif terms:
                per_field.append(Q.And([Q.Term(field, term, boost=boost) for term in terms]))
        if not per_field:
            return None
        scored = per_field[0] if len(per_field) == 1 else Q.Or(per_field)
        order = in_order(self.schema, text) if in_phrase_field(boosts) else None
        return scored if order is None else Q.And([order, scored])

    def source(self, text: str) -> Q.Query:
        """An outlet by its domain (``kompas.com``) or its name alone (``kompas``)."""
        name = normalize_source(text)
        if "." in name:
            return Q.Term("source", name)
        return Q.Or([Q.Term("source", name), Q.Prefix("source", name + ".")])

    def category(self, text: str) -> Q.Query:
        """A category by any of its names or spellings (``kategori:ekonomi`` finds Economy)."""
        spellings = category_names().spellings(" ".join(text.split()))
        known = self.categories
        terms = dict.fromkeys(known.get(s.lower(), normalize_category(s)) for s in spellings)
        parts = [Q.Term("category", term) for term in terms]
        return parts[0] if len(parts) == 1 else Q.Or(parts)


def build_query(
    text: str,
    schema: Schema,
    field_boosts: Mapping[str, float] = FIELD_BOOSTS,
    expand: Expander | None = None,
    categories: Mapping[str, str] | None = None,
    relaxed: bool = False,
    ranking: Ranking | None = None,
) -> tuple[Q.Query | None, syntax.Parsed]:
    """The Whoosh query for what a person typed, and the tree it was read as.

    An empty text matches every article (a search by filters alone); a text
    that keeps no word (only stop words) matches none. ``relaxed`` asks for
    the query with its words no longer all required (:meth:`QueryBuilder.relaxed`),
    None when there is no such query (fewer than two words). ``ranking``: how
    the words are required and weighed (its ``expansion_weight``, common words,
    ``minimum_should_match``: ``search/language/matching.py``); without one, every word
    is required as the index's analyzer gives it.
    """
    parsed = syntax.parse_query(text)
    builder = QueryBuilder(schema, field_boosts, expand, categories, ranking)
    if relaxed:
        return (builder.relaxed(parsed.node) if text.strip() else None), parsed
    if not text.strip():
        return Q.Every(), parsed
    built = builder.build(parsed.node)
    return (Q.NullQuery if built is None else built), parsed


def positive_terms(query: Q.Query | None, field: str) -> list[str | tuple[str, ...]]:
    """What ``query`` looks for in ``field``, in query order: what a snippet
    highlights. A term, or a tuple of terms where several words must stand
    together (a quoted phrase, a multi-word synonym: marked only where they do),
    and the pairs of the light part (``search/evaluation/pairs.py``) where they
    stand together; excluded words, conditions and the light words alone left out."""
    if query is None:
        return []
    if isinstance(query, Q.Term):
        return [query.text] if query.fieldname == field else []
    if isinstance(query, Together):
        return [tuple(query.words)]
    if isinstance(query, Q.Phrase):
        return [tuple(query.words)] if query.fieldname == field else []
    if isinstance(query, Q.AndNot):
        return positive_terms(query.a, field)
    if isinstance(query, Q.AndMaybe):
        return positive_terms(query.a, field) + _pairs(query.b)
    if isinstance(query, Q.ConstantScoreQuery):
        return []
    if isinstance(query, Q.And):
        order = next((sub.child for sub in query.subqueries if _in_order(sub)), None)
        rest = [sub for sub in query.subqueries if not isinstance(sub, Q.ConstantScoreQuery)]
        if order is not None and any(positive_terms(sub, field) for sub in rest):
            return [tuple(order.words)]
    return [term for sub in query.children() for term in positive_terms(sub, field)]


def _in_order(query: Q.Query) -> bool:
    """The condition that words stand in order (:func:`in_order`)."""
    return isinstance(query, Q.ConstantScoreQuery) and isinstance(query.child, Q.Phrase)


def _pairs(query: Q.Query) -> list[tuple[str, ...]]:
    """The pairs of a light part, each where its words stand together."""
    if isinstance(query, Together):
        return [tuple(query.words)]
    children = query.children() if hasattr(query, "children") else []
    return [pair for sub in children for pair in _pairs(sub)]


def _leading_words(nodes: list[syntax.Node]) -> list[syntax.Word]:
    """The plain words (no field) from the first node on, up to any other node."""
    words = []
    for node in nodes:
        if not (isinstance(node, syntax.Word) and node.field is None):
            break
        words.append(node)
    return words
