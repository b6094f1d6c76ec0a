from tests.security.conftest import assistant, attacked_corpus, client, indexed_data, settings  # noqa: F401
