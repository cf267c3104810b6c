"""The lexicon: word lists per concept (bot/lexicon.py) and the featurizer that marks them
(bot/rasa_plugins/lexicon_featurizer.py)."""
import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import lexicon as lx
from bot.rasa_plugins.lexicon_featurizer import LexiconFeaturizer
from bot.rasa_plugins.tokenizer import VeiviserTokenizer

TOKENIZER = VeiviserTokenizer(VeiviserTokenizer.get_default_config())
CONFIG = {**LexiconFeaturizer.get_default_config(), "alias": "lexicon"}


def write(directory, name, concepts):
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(yaml.safe_dump({"concepts": concepts}, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def lexicon_dir(tmp_path):
    directory = tmp_path / "data" / "lexicon"
    write(directory, "events.yml", {
        "death": {"nb": ["døde", "gikk bort", "begravelse*"], "en": ["died", "passed away", "widow*"]},
        "birth": {"nb": ["fødsel*", "termin"], "en": ["newborn", "due date", "toes*"]},  # "toes" folds to "tos"
    })
    return directory


def test_entries_match_folded_words_whole_phrases_and_stems(lexicon_dir):
    lexicon = lx.load(lexicon_dir)
    assert lexicon.names == ["birth", "death"]
    assert lexicon.concepts_in("Faren min DODE i natt") == {"death"}  # case and æøå do not count
    assert lexicon.concepts_in("pappa gikk bort") == {"death"}
    assert lexicon.concepts_in("pappa gikk hjem") == set()  # a phrase needs all its words, in order
    assert lexicon.concepts_in("I became a widower") == {"death"}  # widow* goes on
    assert lexicon.concepts_in("begravelsesbyrået ringte om fødselen") == {"death", "birth"}
    assert lexicon.concepts_in("termindato") == set()  # no * after "termin": the word must be whole
    assert lexicon.concepts_in("the due date is soon") == {"birth"}


def test_spans_give_the_words_each_entry_covers(lexicon_dir):
    lexicon = lx.load(lexicon_dir)
    death = lexicon.names.index("death")
    assert lexicon.spans(["mor", "gikk", "bort", "i", "går"]) == [(death, 1, 3)]


@pytest.mark.parametrize("entry, problem", [
    ("arv*", "at least 4 letters"),
    ("be*gravelse", "with * only at the end"),
    ("død?", "may only contain words"),
    ("   ", "is empty"),
])
def test_a_bad_entry_is_refused_naming_the_file_concept_and_entry(tmp_path, entry, problem):
    directory = tmp_path / "data" / "lexicon"
    write(directory, "bad.yml", {"death": {"nb": [entry], "en": ["died"]}})
    with pytest.raises(lx.LexiconError) as error:
        lx.load(directory)
    assert "bad.yml" in str(error.value) and "'death' (nb)" in str(error.value) and problem in str(error.value)


def test_a_concept_needs_both_languages_and_one_definition(tmp_path):
    directory = tmp_path / "data" / "lexicon"
    write(directory, "a.yml", {"death": {"nb": ["døde"], "en": ["died"]}, "Birth": {"nb": [], "en": []}})
    write(directory, "b.yml", {"death": {"nb": ["døde"], "en": ["died"]}, "birth": {"nb": ["fødsel"]}})
    with pytest.raises(lx.LexiconError) as error:
        lx.load(directory)
    lines = str(error.value).splitlines()
    assert any("a.yml" in l and "'Birth'" in l and "snake_case" in l for l in lines)
    assert any("b.yml" in l and "'death' is defined twice" in l for l in lines)
    assert any("b.yml" in l and "'birth'" in l and "nb and en" in l for l in lines)


def test_build_writes_lookup_tables_that_rasa_reads_back_into_the_same_lexicon(lexicon_dir, tmp_path):
    built = lx.build(tmp_path / "build", lexicon_dir)
    data = load_data(str(tmp_path / "build" / "data" / "lexicon.yml"))
    names = sorted(t["name"] for t in data.lookup_tables)
    assert names == ["lexicon_birth", "lexicon_death"]
    again = lx.Lexicon.from_lookup_tables(data.lookup_tables)
    assert again.concepts == built.concepts


def test_the_repository_lexicon_is_valid_and_knows_core_words():
    lexicon = lx.load()
    assert {"death", "birth", "illness", "job_loss", "immigration", "business", "association"} <= set(lexicon.names)
    assert "death" in lexicon.concepts_in("I became a widower yesterday")
    assert "job_loss" in lexicon.concepts_in("jeg er permittert")


def message(text):
    found = Message(data={TEXT: text})
    TOKENIZER.process([found])
    return found


def sentence_and_sequence(found):
    sequence, sentence = found.get_sparse_features(TEXT)
    return sentence.features.toarray()[0].tolist(), sequence.features.toarray().tolist()


def train_featurizer(tmp_path, lexicon_dir, config=CONFIG, other_tables=()):
    """A LexiconFeaturizer trained on the lexicon in lexicon_dir, saved and loaded back as Rasa would."""
    (tmp_path / "model").mkdir()
    storage, resource = LocalModelStorage(tmp_path / "model"), Resource("lexicon")
    context = ExecutionContext(GraphSchema({}), node_name="lexicon")
    tables = [{"name": t["lookup"], "elements": [e[2:] for e in t["examples"].splitlines()]}
              for t in lx.load(lexicon_dir).as_lookup_tables()] + list(other_tables)
    LexiconFeaturizer.create(config, storage, resource, context).train(TrainingData(lookup_tables=tables))
    return LexiconFeaturizer.load(config, storage, resource, context)


@pytest.fixture
def trained(tmp_path, lexicon_dir):
    # someone else's lookup table ("city") is not ours
    return train_featurizer(tmp_path, lexicon_dir, other_tables=[{"name": "city", "elements": ["Oslo"]}])


def test_a_trained_featurizer_marks_concepts_per_word_and_per_message(trained):
    assert trained.lexicon.names == ["birth", "death"]
    found = message("mamma gikk bort rett etter fødselen")
    trained.process([found])
    sentence, sequence = sentence_and_sequence(found)
    assert sentence == [1, 1]
    assert sequence == [[0, 0], [0, 1], [0, 1], [0, 0], [0, 0], [1, 0]]


def test_opening_words_mark_where_a_concept_starts(tmp_path, lexicon_dir):
    featurizer = train_featurizer(tmp_path, lexicon_dir, {**CONFIG, "opening_words": 2})
    # columns: birth, death anywhere | birth, death starting at word 1 | birth, death starting at word 2
    found = message("gikk bort i går")
    featurizer.process([found])
    sentence, sequence = sentence_and_sequence(found)
    assert sentence == [0, 1, 0, 1, 0, 0]
    assert sequence[:2] == [[0, 1, 0, 1, 0, 0]] * 2 and sequence[2:] == [[0] * 6] * 2
    found = message("mamma døde")
    featurizer.process([found])
    assert sentence_and_sequence(found)[0] == [0, 1, 0, 0, 0, 1]
    found = message("i går døde hun etter fødselen")  # neither concept starts in the first two words
    featurizer.process([found])
    assert sentence_and_sequence(found)[0] == [1, 1, 0, 0, 0, 0]


def test_training_examples_get_the_same_features(trained):
    data = TrainingData([message("he died")])
    trained.process_training_data(data)
    assert sentence_and_sequence(data.training_examples[0])[0] == [0, 1]


def test_markup_and_empty_text_do_not_break_it(trained):
    for text in ["<b>døde</b>", "", "🙂"]:
        found = message(text)
        trained.process([found])
        features = found.get_sparse_features(TEXT)[1]
        assert features is None or features.features.shape == (1, 2)


def test_without_lookup_tables_it_adds_no_features(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("lexicon")
    context = ExecutionContext(GraphSchema({}), node_name="lexicon")
    LexiconFeaturizer.create(CONFIG, storage, resource, context).train(TrainingData())
    featurizer = LexiconFeaturizer.load(CONFIG, storage, resource, context)
    found = message("døde")
    featurizer.process([found])
    assert found.get_sparse_features(TEXT) == (None, None)


def test_a_phrase_also_matches_its_words_joined_by_a_hyphen(tmp_path):
    directory = tmp_path / "data" / "lexicon"
    write(directory, "work.yml", {"occupation": {"nb": ["selvstendig næringsdrivende"], "en": ["self employed"]}})
    lexicon = lx.load(directory)
    assert lexicon.concepts_in("I'm self-employed") == {"occupation"}
    assert lexicon.concepts_in("I am self employed") == {"occupation"}
    assert lexicon.concepts_in("I employed myself") == set()
