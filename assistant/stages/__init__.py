"""The stages of a turn, each a function of the conversation state, the message and ``AnswerDeps``:
``turn`` (read the message, settle scope and region, route), ``pending`` (a clarification answered),
``region`` (no region known), ``passages`` (the extractive answer or a refusal), ``refine`` (the optional LLM)."""
