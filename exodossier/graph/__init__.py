"""The graph stage: the loaded catalog as one typed networkx graph.

`build` makes it, `queries` answers the committee's questions of it (who cites this, what is
uncovered, what must be re-reviewed), `export` writes it for other tools.
"""
