"""The second opinion on the intent (bot/rasa_plugins/combined_classifier.py), trained on a tiny data set."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.combined_classifier import CombinedIntentClassifier, combine
from bot.rasa_plugins.tokenizer import VeiviserTokenizer


def test_combine_averages_with_the_weight_and_ranks_likeliest_first():
    ranking = combine({"faq": 1.0}, {"out_of_scope": 0.7, "faq": 0.1, "greet": 0.2}, 0.4)
    assert [r["name"] for r in ranking] == ["faq", "out_of_scope", "greet"]
    assert [round(r["confidence"], 3) for r in ranking] == [0.46, 0.42, 0.12]
    assert combine({"a": 0.5}, {"b": 0.5}, 0.5)[0]["name"] == "a"  # a tie is broken by name, so it is stable


@pytest.fixture
def pipeline(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="x")
    tokenizer = VeiviserTokenizer(VeiviserTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), "alias": "cv"},
                                               storage, Resource("cv"), context)
    texts = {"greet": ["hei", "hallo", "god morgen", "hei hei"],
             "goodbye": ["ha det", "ha det bra", "vi ses", "hadet"]}
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, ts in texts.items() for t in ts])
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)

    def make(**config):
        classifier = CombinedIntentClassifier.create({**CombinedIntentClassifier.get_default_config(), **config},
                                                     storage, Resource(f"c{len(config)}"), context)
        classifier.train(data)
        return classifier

    def parse(classifier, text, diet_ranking=None):
        message = Message(data={TEXT: text})
        tokenizer.process([message])
        featurizer.process([message])
        if diet_ranking is not None:
            message.set("intent_ranking", diet_ranking)
        classifier.process([message])
        return message

    return make, parse


def test_without_a_diet_ranking_the_regression_decides(pipeline):
    make, parse = pipeline
    message = parse(make(), "hei der")
    assert message.get("intent")["name"] == "greet"
    assert {r["name"] for r in message.get("intent_ranking")} == {"greet", "goodbye"}


def test_diet_and_the_regression_are_averaged(pipeline):
    make, parse = pipeline
    sure_diet = [{"name": "goodbye", "confidence": 1.0}, {"name": "greet", "confidence": 0.0}]
    # all weight on DIET: DIET's answer stands; none: the regression's
    assert parse(make(diet_weight=1.0), "hei", sure_diet).get("intent")["name"] == "goodbye"
    assert parse(make(diet_weight=0.0), "hei", sure_diet).get("intent")["name"] == "greet"
    half = parse(make(diet_weight=0.5), "hei", sure_diet).get("intent_ranking")
    assert sum(r["confidence"] for r in half) == pytest.approx(1.0)
    assert parse(make(), "hei", sure_diet).get("diet_ranking") is None  # only kept when asked for


def test_features_that_do_not_fit_leave_diets_answer(pipeline):
    make, parse = pipeline
    classifier = make()
    message = Message(data={TEXT: "hei"})  # never featurized: the regression cannot score it
    message.set("intent", {"name": "greet", "confidence": 0.9})
    classifier.process([message])
    assert message.get("intent") == {"name": "greet", "confidence": 0.9}


def counts_row(pipeline, classifier, text):
    _, parse = pipeline
    return classifier._create_X([parse(classifier, text)]).toarray()[0]


def test_sublinear_counts_read_a_word_three_times_as_two_and_once_as_one(pipeline):
    make, _ = pipeline
    raw, sublinear = make(), make(sublinear_counts=True)
    assert sorted(set(counts_row(pipeline, raw, "hei hei hei"))) == [0.0, 3.0]
    assert sorted(set(counts_row(pipeline, sublinear, "hei hei hei"))) == [0.0, 2.0]
    assert (counts_row(pipeline, sublinear, "hei") == counts_row(pipeline, raw, "hei")).all()


def test_with_sublinear_counts_saying_it_again_and_again_changes_the_answer_less(pipeline):
    make, parse = pipeline

    def drift(classifier):
        once = parse(classifier, "hei ha det").get("intent_ranking")
        again = parse(classifier, " ".join(["hei"] * 20 + ["ha det"])).get("intent_ranking")
        confidence = lambda ranking: {r["name"]: r["confidence"] for r in ranking}["greet"]  # noqa: E731
        return abs(confidence(again) - confidence(once))

    assert drift(make(sublinear_counts=True)) < drift(make())
