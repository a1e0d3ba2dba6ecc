"""What a search shows: one result shape for the page, the JSON API and the CLI.

- ``results``: the shape; ``snippets``, ``marking``: the words that matched, marked.
- ``suggest``: completions as you type; ``spelling``: "did you mean".
- ``articles``: one article and those like it; ``formatting``, ``urls``: renderings and safe links.
"""
