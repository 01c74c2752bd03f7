// bilingual serve: correct a translation where you read it. Only this page's own origin is contacted.
"use strict";
(function () {
  const tokenMeta = document.querySelector('meta[name="bilingual-token"]');
  if (!tokenMeta) return;
  const token = tokenMeta.content;

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Bilingual-Token": token},
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {error: "the server's answer was not JSON"}; }
    return {ok: response.ok, status: response.status, data: data};
  }

  function author() {
    let name = localStorage.getItem("bilingual-author") || "";
    return name;
  }

  function edit(span) {
    if (span.dataset.editing) return;
    span.dataset.editing = "1";
    const box = document.createElement("span");
    box.className = "editbar";
    const area = document.createElement("textarea");
    area.className = "editor";
    area.rows = 3;
    area.value = span.dataset.base;
    const name = document.createElement("input");
    name.placeholder = "your name";
    name.value = author();
    name.size = 12;
    const save = document.createElement("button");
    save.type = "button";
    save.textContent = "Save";
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "Cancel";
    const msg = document.createElement("span");
    msg.className = "msg";
    box.append(area, save, cancel, name, " ", msg);
    span.after(box);
    area.focus();
    function close() { box.remove(); delete span.dataset.editing; }
    cancel.addEventListener("click", close);
    save.addEventListener("click", async function () {
      localStorage.setItem("bilingual-author", name.value);
      save.disabled = true;
      const result = await post("/api/corrections", {
        source: span.dataset.source, translation: area.value, base: span.dataset.base, author: name.value,
      });
      save.disabled = false;
      if (result.ok) {
        // every occurrence of this sentence on the page shows the correction
        document.querySelectorAll("span.t").forEach(function (other) {
          if (other.dataset.source === span.dataset.source) {
            other.textContent = result.data.translation;
            other.dataset.base = result.data.translation;
            other.classList.add("human");
            other.classList.remove("doubt");
          }
        });
        close();
      } else if (result.status === 409) {
        msg.textContent = "Someone changed this sentence meanwhile. Now stored: \u201c" + (result.data.current || "") +
          "\u201d. Save again to replace it.";
        span.dataset.base = result.data.current || "";
      } else {
        msg.textContent = result.data.error || ("error " + result.status);
      }
    });
  }

  document.querySelectorAll("span.t[data-sid]").forEach(function (span) {
    span.classList.add("editable");
    span.tabIndex = 0;
    span.addEventListener("click", function () { edit(span); });
    span.addEventListener("keydown", function (event) { if (event.key === "Enter") edit(span); });
  });

  // "Add to glossary" from a phrase selected in the original
  const panel = document.getElementById("glossary-add");
  if (!panel) return;
  const form = panel.querySelector("form");
  const output = panel.querySelector("output");
  document.addEventListener("mouseup", function () {
    const selection = window.getSelection();
    const text = selection ? selection.toString().trim() : "";
    if (!text || text.length > 40) return;
    const node = selection.anchorNode && selection.anchorNode.parentElement;
    if (!node || !node.closest(".original, .post-head h1")) return;
    form.elements.source.value = text;
    output.textContent = "";
    panel.hidden = false;
    form.elements.target.focus();
  });
  panel.querySelector(".cancel").addEventListener("click", function () { panel.hidden = true; });
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const result = await post("/api/glossary", {source: form.elements.source.value, target: form.elements.target.value});
    if (result.ok) {
      output.textContent = result.data.result + " in " + result.data.file +
        (result.data.lint.length ? "; lint: " + result.data.lint.join("; ") : "; lint: no problems");
    } else {
      output.textContent = result.data.error || ("error " + result.status);
    }
  });
})();
