"""FastMCP's Streamable HTTP server on a Conductor OpenAPI document, as the peer in http_bench.py: from_openapi
with its BM25 search transform (search_tools + call_tool instead of one tool per operation), stateless, JSON
responses. Usage: python fastmcp_server.py SPEC PORT"""
import asyncio
import json
import sys

import httpx2
from fastmcp import FastMCP
from fastmcp.server.transforms.search.bm25 import BM25SearchTransform

spec = json.load(open(sys.argv[1]))
server = FastMCP.from_openapi(openapi_spec=spec, client=httpx2.AsyncClient(base_url="http://127.0.0.1:9"),
                              name="conductor")
server.add_transform(BM25SearchTransform(max_results=8))
asyncio.run(server.run_http_async(show_banner=False, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning",
                                  json_response=True, stateless_http=True))
