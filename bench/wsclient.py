"""A Streamlit session without a browser: the WebSocket protocol the browser speaks, for load tests.

Twenty Chromium tabs on the benchmark's machine draw every Plotly chart in software, on the same cores as the
server they measure (session 13: the tabs used 364 of the 459 CPU-seconds of a concurrency run). A real
reader's browser runs on the reader's own computer. This client asks the server for exactly what a browser
asks for, and times what the server owes: from the rerun request to the last message of the run.

The protocol (Streamlit 1.67, `streamlit/web/server/starlette/starlette_websocket.py`): a WebSocket on
`/_stcore/stream` with the subprotocol `streamlit`; the client sends `BackMsg.rerun_script` with a
`ClientState` (widget values, the page's script hash); the server answers with `ForwardMsg`s: `new_session`
when a run starts (it names the app's pages), `delta`s (the elements), and `script_finished`. Elements are read with
`streamlit.testing`'s `parse_tree_from_messages` (widgets found by key, as the tests find them). Like the
browser's widget manager, the client keeps the values the reader has set and sends them with every rerun of
the page; a button press is sent once.
"""
from __future__ import annotations

import asyncio
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import ElementTree, parse_tree_from_messages

_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
         ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class ProtocolError(RuntimeError):
    """The server sent something this client cannot follow (an exception on the page is counted apart)."""


class Session:
    """One reader. `await Session.open(url)`, then `run()` after changing widgets in `tree`."""

    def __init__(self, ws):
        self.ws = ws
        self.pages: dict[str, str] = {}  # page title -> script hash, from the last `new_session`
        self.hidden: set[str] = set()    # the titles of pages registered but not in the reader's navigation
        self.page_hash = ""
        self._messages: list[ForwardMsg] = []  # the deltas of the last run
        self._tree: ElementTree | None = None  # parsed from them when asked for (parsing costs the client CPU)
        self.bytes_received = 0
        self.states: dict[str, WidgetState] = {}  # widget id -> the value this reader set on this page
        # A run that failed (a timeout, an unexpected message) leaves its messages in the socket: the next run
        # would read them as its own. Such a session refuses to run again.
        self.broken = False

    @classmethod
    async def open(cls, url: str) -> "Session":
        ws_url = url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=120)
        s = cls(ws)
        await s.run()
        return s

    async def run(self, *, page: str | None = None, timeout: float = 600) -> float:
        """One rerun with the widget values of `tree` (on `page`, a sidebar title, when given); seconds from
        the request to the run's last message. Reruns the script asks for itself (`st.rerun`, a page switch)
        are part of the same wait, as in a browser."""
        if page is not None:
            if page not in self.pages:
                raise ProtocolError(f"no page titled {page!r}; the app has {sorted(self.pages)}")
            self.page_hash = self.pages[page]
            self.states = {}  # another page: its widgets are new
        if self.broken:
            raise ProtocolError("a run of this session failed: its messages may still arrive; open a new session")
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(self.states.values())
        self.states = {k: v for k, v in self.states.items() if not v.HasField("trigger_value")}
        t = time.perf_counter()
        self.broken = True  # until this run's last message is read
        await self.ws.send(msg.SerializeToString())
        messages: list[ForwardMsg] = []
        deadline = t + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.perf_counter()))
            self.bytes_received += len(raw)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":  # a run starts: its elements replace the last run's
                messages = []
                self.pages = {p.page_name: p.page_script_hash for p in fm.new_session.app_pages}
                self.hidden = {p.page_name for p in fm.new_session.app_pages if p.is_hidden}
                self.page_hash = fm.new_session.page_script_hash
            elif kind == "navigation":
                self.pages = {p.page_name: p.page_script_hash for p in fm.navigation.app_pages}
                self.hidden = {p.page_name for p in fm.navigation.app_pages if p.is_hidden}
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "ref_hash":
                raise ProtocolError("the server sent a cached-message reference this client never asked for")
            elif kind == "delta":
                messages.append(fm)
            elif kind == "script_finished" and fm.script_finished in _DONE:
                seconds = time.perf_counter() - t
                self._messages, self._tree = messages, None
                self.broken = False
                return seconds

    @property
    def tree(self) -> ElementTree:
        """The elements the last run drew (parsed on first use: a load test's client would otherwise spend on
        parsing every page, Arrow tables included, the cores the server it measures runs on)."""
        if self._tree is None:
            self._tree = parse_tree_from_messages(self._messages)
        return self._tree

    def _element(self, kind: str, key: str):
        """The proto of the last run's widget of `kind` (e.g. "selectbox") with the user key `key`, or None. Read
        from the raw deltas: a widget later replaced in the same place (an `st.empty` cleared) would still be
        found here, where the parsed tree would not list it; the app's pages do not do that."""
        for fm in reversed(self._messages):
            el = fm.delta.new_element
            if el.WhichOneof("type") == kind and getattr(el, kind).id.split("-", 2)[-1] == key:
                return getattr(el, kind)
        return None

    def _widget(self, kind: str, key: str):
        found = [w for w in getattr(self.tree, kind) if w.key == key]
        if not found:
            raise ProtocolError(f"no {kind} with key {key!r} on the page ({self.describe()})")
        return found[0]

    def describe(self) -> str:
        """What the last run drew, in brief: for error messages."""
        t = self.tree
        said = [x.value for x in t.title] + [x.value for x in t.error] + [x.message for x in t.exception]
        return "; ".join(str(x)[:120] for x in said) or "nothing drawn"

    def select(self, key: str, label: str) -> None:
        """Choose the option shown as `label` in the select box with `key` (sent with the next run)."""
        box = self._element("selectbox", key) or self._widget("selectbox", key)
        if label not in box.options:
            raise ProtocolError(f"{label!r} is not an option of {key!r}")
        self.states[box.id] = WidgetState(id=box.id, string_value=label)

    def type_text(self, key: str, text: str) -> None:
        w = self._widget("text_input", key)
        self.states[w.id] = WidgetState(id=w.id, string_value=text)

    def press(self, label: str) -> None:
        """Press the button labelled `label` (a form's submit button sends the form's values with it)."""
        found = [b for b in self.tree.button if b.label == label]
        if not found:
            raise ProtocolError(f"no button labelled {label!r} on the page")
        self.states[found[0].id] = WidgetState(id=found[0].id, trigger_value=True)

    def options(self, key: str) -> list[str]:
        return list(self._widget("selectbox", key).options)

    def exceptions(self) -> int:
        """Exceptions drawn on the page by the last run."""
        return sum(fm.delta.new_element.WhichOneof("type") == "exception" for fm in self._messages)

    async def sign_in(self, user: str, password: str) -> float:
        await self.run(page="Masuk")
        self.type_text("login_name", user)
        self.type_text("login_password", password)
        self.press("Masuk")
        return await self.run()

    async def close(self) -> None:
        await self.ws.close()
