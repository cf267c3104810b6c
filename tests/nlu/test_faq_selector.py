"""The FAQ question selector (bot/rasa_plugins/faq_selector.py), trained on a tiny data set."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_plugins.faq_selector import FaqSelector
from bot.rasa_plugins.tokenizer import VeiviserTokenizer

QUESTIONS = {
    "faq/death_uskifte": ["hva er uskifte", "kan jeg sitte i uskifte", "uskifte etter dødsfall",
                          "what is undivided estate"],
    "faq/child_leave": ["hvor lang er foreldrepermisjonen", "hvor mange uker permisjon", "permisjon med baby",
                        "how long is parental leave"],
    "faq/job_dagpenger": ["hvor mye får jeg i dagpenger", "når kommer dagpengene", "dagpenger etter oppsigelse",
                          "how much unemployment benefit"],
}
RESPONSES = {f"utter_{key}": [{"text": f"svar på {key}"}] for key in QUESTIONS}


@pytest.fixture
def pipeline(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="faq_selector")
    tokenizer = VeiviserTokenizer(VeiviserTokenizer.get_default_config())
    featurizer = CountVectorsFeaturizer.create(
        {**CountVectorsFeaturizer.get_default_config(), "alias": "words", "analyzer": "char_wb", "min_ngram": 2,
         "max_ngram": 4}, storage, Resource("cv"), context)
    messages = [Message(data={TEXT: text, INTENT: "faq", INTENT_RESPONSE_KEY: key})
                for key, texts in QUESTIONS.items() for text in texts]
    messages += [Message(data={TEXT: text, INTENT: "greet"}) for text in ("hei", "hallo", "god morgen")]
    data = TrainingData(messages, responses=dict(RESPONSES))
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)

    def make(**config):
        resource = Resource(f"faq{len(config)}")
        selector = FaqSelector.create({**FaqSelector.get_default_config(), "C": 16, **config}, storage, resource,
                                      context)
        selector.train(data)
        return selector, resource

    def parse(selector, text):
        message = Message(data={TEXT: text})
        tokenizer.process([message])
        featurizer.process([message])
        selector.process([message])
        return message

    return make, parse, storage, context


def test_it_picks_the_question_and_reports_it_where_the_response_selector_does(pipeline):
    make, parse, _, _ = pipeline
    selector, _ = make()
    result = parse(selector, "hvor mye dagpenger får jeg").get("response_selector")
    assert result["all_retrieval_intents"] == ["faq"]
    response = result["faq"]["response"]
    assert response["intent_response_key"] == "faq/job_dagpenger"
    assert response["utter_action"] == "utter_faq/job_dagpenger"
    assert response["responses"] == [{"text": "svar på faq/job_dagpenger"}]
    ranking = result["faq"]["ranking"]
    assert [r["intent_response_key"] for r in ranking][0] == "faq/job_dagpenger"
    assert {r["intent_response_key"] for r in ranking} == set(QUESTIONS)  # only FAQ questions, never `greet`
    assert response["confidence"] == ranking[0]["confidence"] > ranking[1]["confidence"]
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_the_ranking_is_cut_at_ranking_length(pipeline):
    make, parse, _, _ = pipeline
    selector, _ = make(ranking_length=2)
    assert len(parse(selector, "uskifte").get("response_selector")["faq"]["ranking"]) == 2


def test_a_loaded_model_answers_as_the_trained_one(pipeline):
    make, parse, storage, context = pipeline
    selector, resource = make()
    loaded = FaqSelector.load({**FaqSelector.get_default_config(), "C": 16}, storage, resource, context)
    before = parse(selector, "sitte i uskifte").get("response_selector")
    after = parse(loaded, "sitte i uskifte").get("response_selector")
    assert after == before
    assert after["faq"]["response"]["intent_response_key"] == "faq/death_uskifte"
    assert after["faq"]["response"]["responses"] == [{"text": "svar på faq/death_uskifte"}]


def test_without_faq_questions_it_selects_nothing(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="faq_selector")
    selector = FaqSelector.create(FaqSelector.get_default_config(), storage, Resource("empty"), context)
    selector.train(TrainingData([Message(data={TEXT: "hei", INTENT: "greet"})]))
    message = Message(data={TEXT: "hei"})
    selector.process([message])
    assert message.get("response_selector") is None


def test_a_message_without_features_selects_nothing_and_does_not_crash(pipeline):
    make, _, _, _ = pipeline
    selector, _ = make()
    message = Message(data={TEXT: "uskifte"})  # never featurized
    selector.process([message])
    assert message.get("response_selector") is None


def test_learning_other_messages_makes_a_greeting_no_question(pipeline):
    make, parse, _, _ = pipeline
    plain, _ = make()
    with_others, _ = make(learn_other_messages=True)
    assert "<none of the questions>" in with_others.clf.classes_
    ranking = parse(with_others, "hei hallo").get("response_selector")["faq"]["ranking"]
    assert "<none of the questions>" not in {r["intent_response_key"] for r in ranking}  # never selected
    # the question it would pick is no surer than the greeting's share leaves it
    assert ranking[0]["confidence"] < parse(plain, "hei hallo").get("response_selector")["faq"]["ranking"][0][
        "confidence"]
    assert ranking[0]["confidence"] < 0.5
    sure = parse(with_others, "hvor mye dagpenger får jeg").get("response_selector")["faq"]["response"]
    assert sure["intent_response_key"] == "faq/job_dagpenger"
