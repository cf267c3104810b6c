"""What a trainable featurizer of ours keeps in the Rasa model: one JSON file in its resource."""
from __future__ import annotations

import logging
from typing import Any

import rasa.shared.utils.io
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

logger = logging.getLogger(__name__)


def save(model_storage: ModelStorage, resource: Resource, filename: str, content: Any) -> Resource:
    with model_storage.write_to(resource) as path:
        rasa.shared.utils.io.dump_obj_as_json_to_file(path / filename, content)
    return resource


def read(model_storage: ModelStorage, resource: Resource, filename: str, owner: str) -> Any:
    """The stored content, or None when the model has none (Rasa raises ValueError for a missing resource)."""
    try:
        with model_storage.read_from(resource) as path:
            return rasa.shared.utils.io.read_json_file(path / filename)
    except ValueError:
        logger.debug("No trained %s found in the model.", owner)
        return None
