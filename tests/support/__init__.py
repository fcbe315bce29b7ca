"""What the test suites and the benchmarks share, so that none of them imports another's conftest:

- ``servers``: the one launcher for every server process (``Process``: start, kill, stop, restart
  on the same port), the action server and a Rasa server together (``Servers``), free ports and
  waiting for a server to answer;
- ``driving``: holding a conversation over REST by the question payloads (``converse``);
- ``http``: any HTTP request with its status, headers and body, 4xx and 5xx included;
- ``proxy``: a proxy in front of the action server that makes chosen conversations slow."""
