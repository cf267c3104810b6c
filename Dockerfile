# One image for Veiviser's Python services; the command picks the service:
#   docker run veiviser agencies | actions | rasa | web
# Docker cannot run on our development machines; this file is kept correct by reading (see README).
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 VEIVISER_BIND=0.0.0.0
WORKDIR /app

# Node.js only for the web page's Designsystemet CSS (npm ci at build time; nothing is fetched at run time).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml constraints.txt README.md ./
RUN mkdir -p bot actions && touch bot/__init__.py actions/__init__.py \
 && pip install pip==24.0 && pip install -c constraints.txt -e .

COPY . .
RUN cd bot/web && npm ci --omit=dev
# The model is trained at build time, so every Rasa replica starts from the same model.
RUN python -m bot.faq build \
 && python -m bot.lexicon build \
 && rasa train --fixed-model-name veiviser --out models --domain build/rasa/domain \
      --data data/nlu data/stories data/rules build/rasa/data

ENTRYPOINT ["scripts/service"]
CMD ["rasa"]
