"""A sparse featurizer that tells the intent classifier what the fact extractor sees: whether the
message is a general question or a what-if, which kinds of fact it states, and how long it is.
It lets the classifier (LogisticRegressionClassifier, config.yml) tell "does it apply to
academies?" (a question) from "I work in an academy" (a fact) without learning that from words
alone."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.dates import default_today
from components.fact_finder import _AUXILIARY_START, _CHANGING, _SUPPOSING, _is_question, find_facts
from rules_core.registry import REGISTRY

# The fact finder's entities: one per fact in the registry (named by its slot), and the ones whose
# fact the question pending decides (a bare status or date, a duration, a fact named to change).
ENTITY_KINDS = tuple(fact.slot for fact in REGISTRY) + (
    "course_status",
    "start_date",
    "completion_date",
    "date",
    "duration",
    "fact_name",
)
SIGNALS = ("question", "question_mark", "supposing", "changing", "first_person", "one_word", "short", "long")
FEATURE_NAMES = tuple(f"fact:{kind}" for kind in ENTITY_KINDS) + tuple(f"signal:{name}" for name in SIGNALS)
_INDEX = {name: index for index, name in enumerate(FEATURE_NAMES)}
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|my|me|we|we're|our)\b")


def message_features(text: str, today) -> np.ndarray:
    low = text.lower().strip()
    vector = np.zeros(len(FEATURE_NAMES), dtype=np.float32)
    for entity in find_facts(text, today):
        vector[_INDEX[f"fact:{entity['entity']}"]] = 1.0
    words = low.split()
    signals = {
        "question": _is_question(low) or (low.endswith("?") and _AUXILIARY_START.search(low) is not None),
        "question_mark": low.endswith("?"),
        "supposing": _SUPPOSING.search(low) is not None,
        "changing": _CHANGING.search(low) is not None,
        "first_person": _FIRST_PERSON.search(low) is not None,
        "one_word": len(words) == 1,
        "short": 1 < len(words) <= 3,
        "long": len(words) > 12,
    }
    for name, on in signals.items():
        if on:
            vector[_INDEX[f"signal:{name}"]] = 1.0
    return vector


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class FactFeaturizer(SparseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config()}

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "FactFeaturizer":
        return cls(execution_context.node_name, config)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def _featurize(self, message: Message, today) -> None:
        text = message.get(TEXT)
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not text or not tokens:
            return
        sentence = scipy.sparse.coo_matrix(message_features(text, today).reshape(1, -1))
        sequence = scipy.sparse.coo_matrix((len(tokens), len(FEATURE_NAMES)), dtype=np.float32)
        self.add_features_to_message(sequence=sequence, sentence=sentence, attribute=TEXT, message=message)

    def process(self, messages: List[Message]) -> List[Message]:
        today = default_today()
        for message in messages:
            self._featurize(message, today)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        today = default_today()
        for message in training_data.training_examples:
            self._featurize(message, today)
        return training_data


__all__ = ["FactFeaturizer", "Tokenizer"]
