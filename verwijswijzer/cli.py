"""The ``verwijswijzer`` command line."""

from __future__ import annotations

import typer

from assistant.answer import Answer

app = typer.Typer(help="Verwijswijzer: assistent voor verwijzers jeugdhulp.", no_args_is_help=True)


@app.command()
def serve(host: str = typer.Option(None, help="Bind address"), port: int = typer.Option(None)) -> None:
    """Serve the assistant (API, widget, channels)."""
    import uvicorn

    from api.app import create_app
    from api.auth import check_bind
    from verwijswijzer.settings import get_settings

    settings = get_settings()
    host = host or settings.host
    check_bind(host, bool(settings.api_keys))
    app = create_app(settings)
    app.state.assistant.warm_up()  # the first referrer of each region does not wait for indexes to load
    uvicorn.run(app, host=host, port=port or settings.port, timeout_graceful_shutdown=20)


def _print_answer(answer: Answer, as_json: bool) -> None:
    from rich.console import Console

    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
        return
    console = Console()
    console.print(answer.text, markup=False, highlight=False)
    for option in answer.options:
        console.print(f"  • {option}", markup=False)
    for c in answer.citations:
        console.print(f"[dim][{c.n}] {c.title} — {c.section} (regels {c.line_start}–{c.line_end})[/dim]")


def _region_option(region: str | None) -> str | None:
    from verwijswijzer.corpus import get_catalogue

    known = get_catalogue().region_ids
    if region is not None and region not in known:
        typer.echo(f"Onbekende regio '{region}'. Bekende regio's: {', '.join(known)}.", err=True)
        raise typer.Exit(2)
    return region


@app.command()
def ask(
    question: str = typer.Argument(..., help="De vraag, in het Nederlands"),
    region: str = typer.Option(None, "--region", "-r", help="Regio, bv. noord-limburg"),
    as_json: bool = typer.Option(False, "--json", help="Print het volledige antwoordobject als JSON"),
) -> None:
    """Ask one question and print the answer with its sources."""
    from assistant.engine import Assistant, ChatRequest

    if not question.strip():
        typer.echo("Geef een vraag op.", err=True)
        raise typer.Exit(2)
    answer = Assistant().chat(ChatRequest(message=question[:4000], region=_region_option(region)))
    _print_answer(answer, as_json)


@app.command()
def chat(region: str = typer.Option(None, "--region", "-r", help="Regio, bv. noord-limburg")) -> None:
    """An interactive conversation (empty line or Ctrl-D ends it)."""
    from assistant.engine import Assistant, ChatRequest

    assistant, conversation = Assistant(), None
    region = _region_option(region)
    while True:
        try:
            message = input("vraag> ").strip()
        except EOFError:
            break
        if not message:
            break
        answer = assistant.chat(ChatRequest(message=message[:4000], conversation_id=conversation, region=region))
        conversation, region = answer.conversation_id, None
        _print_answer(answer, as_json=False)


@app.command()
def ingest(quiet: bool = typer.Option(False, "--quiet", "-q", help="Geen voortgangsbalk")) -> None:
    """Index the corpus incrementally (only new or changed files are chunked and embedded)."""
    from ingest.pipeline import run_ingest

    report = run_ingest(progress=not quiet)
    typer.echo(
        f"Bestanden: {len(report.new)} nieuw, {len(report.changed)} gewijzigd, {len(report.unchanged)} ongewijzigd, "
        f"{len(report.removed)} verwijderd. Chunks: {report.chunks}. Embeddings ({report.embedder}): "
        f"{report.embedded} berekend, {report.cached} uit cache, {report.deleted_vectors} verwijderd. "
        f"Tijd: {report.seconds:.1f} s."
    )
    for document_id, error in report.failed.items():
        typer.echo(f"Mislukt: {document_id}: {error}", err=True)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def search(
    query: str = typer.Argument(..., help="De zoekvraag"),
    region: str = typer.Option(None, "--region", "-r", help="Regio, bv. noord-limburg"),
    k: int = typer.Option(5, "-k", min=1, max=50, help="Aantal resultaten"),
    as_json: bool = typer.Option(False, "--json", help="Print de resultaten als JSON"),
) -> None:
    """Search the handbooks (hybrid BM25 + dense) and print the best passages with their lines."""
    import json

    from retrieval.index import shared_index
    from retrieval.service import IndexMissingError
    from verwijswijzer.settings import get_settings

    if not query.strip():
        typer.echo("Geef een zoekvraag op.", err=True)
        raise typer.Exit(2)
    region = _region_option(region)
    try:
        hits = shared_index(get_settings()).search(query, region, k)
    except IndexMissingError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    if as_json:
        rows = [{**h.chunk.model_dump(include={"id", "document_id", "title", "section", "line_start", "line_end",
                                               "page", "text"}), "score": h.score} for h in hits]
        typer.echo(json.dumps({"results": rows}, ensure_ascii=False, indent=2))
        return
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        typer.echo(f"[{n}] {c.title} — {c.section} (regels {c.line_start}–{c.line_end}, score {hit.score:.4f})")
        typer.echo("    " + c.text[:400].replace("\n", "\n    "))


@app.command("eval")
def eval_(
    dataset: str = typer.Option(..., "--dataset", help="Dataset (.jsonl): single-turn, multi-turn or rule cases"),
    url: str = typer.Option(None, "--url", help="Evaluate a running server (POST {url}/v1/chat) instead of in-process"),
    api_key: str = typer.Option("", "--api-key", envvar="VERWIJSWIJZER_EVAL_API_KEY", help="Bearer key for --url"),
    out: str = typer.Option("eval/reports", "--out", help="Directory for report.json and report.html"),
    no_region: bool = typer.Option(False, "--no-region", help="Do not pass the row's region as a user profile"),
    baseline: str = typer.Option(None, "--baseline", help="An earlier report.json to compare with"),
    gate: bool = typer.Option(False, "--gate", help="Exit non-zero when a metric falls below eval/thresholds.toml"),
    thresholds: str = typer.Option(None, "--thresholds", help="Other thresholds file than eval/thresholds.toml"),
) -> None:
    """Measure answer quality on a dataset; write report.json and report.html (and gate on thresholds)."""
    from pathlib import Path

    from eval.command import eval_command

    raise typer.Exit(eval_command(Path(dataset), url, api_key, Path(out), not no_region,
                                  Path(baseline) if baseline else None, gate, Path(thresholds) if thresholds else None))


@app.command()
def bench(
    out: str = typer.Option("eval/reports/bench.json", "--out", help="Where to write the JSON results"),
    scales: str = typer.Option("20", "--scales", help="Comma-separated corpus scale factors, e.g. 20,100 (0: none)"),
    queries: int = typer.Option(40, "--queries", min=5, help="Queries per latency measurement"),
    clients: int = typer.Option(20, "--clients", min=1, help="Concurrent clients"),
) -> None:
    """Benchmarks: ingest throughput, query latency (single and concurrent), scaling with corpus size."""
    from pathlib import Path

    from eval.bench import bench_command

    try:
        factors = [int(s) for s in scales.split(",") if s.strip() and int(s) > 0]
    except ValueError:
        typer.echo(f"--scales must be whole numbers separated by commas, e.g. 20,100 (got '{scales}').", err=True)
        raise typer.Exit(2) from None
    raise typer.Exit(bench_command(Path(out), factors, queries, clients))


if __name__ == "__main__":
    app()
