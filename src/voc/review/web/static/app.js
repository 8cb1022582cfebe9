// voc review page: saves decisions without a reload and adds keyboard shortcuts.
// Complaint text is only ever inserted with textContent, never innerHTML.
(function () {
  "use strict";

  function $(sel) { return document.querySelector(sel); }

  function toast(message, isError) {
    var el = $("#toast");
    if (!el) { return; }
    el.textContent = message;
    el.className = isError ? "toast error" : "toast";
    el.hidden = false;
    clearTimeout(toast.timer);
    if (!isError) { toast.timer = setTimeout(function () { el.hidden = true; }, 2500); }
  }

  function setVersion(version) {
    var article = $("#item");
    article.dataset.version = String(version);
    $("#version").textContent = String(version);
    document.querySelectorAll("form.decision input[name=version]").forEach(function (input) {
      input.value = String(version);
    });
  }

  function renderHistory(rows) {
    var list = $("#history");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    rows.forEach(function (h) {
      var li = document.createElement("li");
      var time = document.createElement("time");
      time.textContent = h.at;
      var who = document.createElement("b");
      who.textContent = h.reviewer;
      li.appendChild(time);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(who);
      var text = " " + h.action_zh;
      if (h.prev_status_zh !== h.new_status_zh) { text += "（" + h.prev_status_zh + " → " + h.new_status_zh + "）"; }
      if (h.action === "assign") { text += "：" + (h.assignee || "（无）"); }
      li.appendChild(document.createTextNode(text));
      if (h.note) {
        var note = document.createElement("span");
        note.className = "note";
        note.textContent = h.note;
        li.appendChild(document.createTextNode(" — "));
        li.appendChild(note);
      }
      list.appendChild(li);
    });
  }

  function send(form, action) {
    var data = {};
    new FormData(form).forEach(function (value, key) { data[key] = String(value); });
    if (action) { data.action = action; }
    return fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": data.csrf_token || "" },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; },
        function () { return { status: response.status, body: { ok: false, message: "服务器返回了无法识别的响应（" + response.status + "）。" } }; });
    }).then(function (result) {
      var body = result.body;
      if (result.status === 401) { window.location.assign("/login"); return; }
      if (!body.ok) {
        toast(body.message || "保存失败。", true);
        if (body.error === "stale") {
          var reload = document.createElement("button");
          reload.type = "button";
          reload.textContent = "刷新此条";
          reload.addEventListener("click", function () { window.location.reload(); });
          $("#toast").appendChild(document.createTextNode(" "));
          $("#toast").appendChild(reload);
        }
        return;
      }
      var item = body.item;
      setVersion(item.version);
      var badge = $("#status-badge");
      badge.textContent = item.status_zh;
      badge.className = "b st s-" + item.status;
      var row = document.querySelector('#queue-list li[data-id="' + item.id + '"] .st');
      if (row) { row.textContent = item.status_zh; row.className = "b st s-" + item.status; }
      renderHistory(body.history || []);
      if (data.action === "note") { $("#note").value = ""; $("#note").blur(); }
      toast("已保存：" + item.status_zh + (item.assignee ? " · 负责人 " + item.assignee : ""), false);
      var next = $("#item").dataset.next;
      if (next && ["confirm", "false_alarm", "escalate"].indexOf(data.action) >= 0) {
        setTimeout(function () { window.location.assign(next); }, 600);
      }
    }).catch(function () {
      toast("网络错误：未保存，请重试。", true);
    });
  }

  function wireForms() {
    document.querySelectorAll("form.decision").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var submitter = event.submitter;
        var action = submitter && submitter.name === "action" ? submitter.value : null;
        send(form, action);
      });
    });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function click(selector) {
    var el = $(selector);
    if (el) { el.click(); }
  }

  function onKey(event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "note") {
      event.preventDefault();
      var form = $("#note-form");
      if (form.requestSubmit) { form.requestSubmit(); } else { send(form, "note"); }
      return;
    }
    if (event.key === "Escape" && typing(event.target)) { event.target.blur(); return; }
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var article = $("#item");
    switch (event.key) {
      case "j": case "ArrowDown":
        if (article && article.dataset.next) { event.preventDefault(); window.location.assign(article.dataset.next); }
        break;
      case "k": case "ArrowUp":
        if (article && article.dataset.prev) { event.preventDefault(); window.location.assign(article.dataset.prev); }
        break;
      case "c": click('#decide-form button[value="confirm"]'); break;
      case "f": click('#decide-form button[value="false_alarm"]'); break;
      case "e": click('#decide-form button[value="escalate"]'); break;
      case "u": click('#decide-form button[value="reopen"]'); break;
      case "n": event.preventDefault(); if ($("#note")) { $("#note").focus(); } break;
      case "a": event.preventDefault(); if ($("#assignee")) { $("#assignee").focus(); } break;
      case "/": event.preventDefault(); if ($("#search")) { $("#search").focus(); } break;
      case "?": var help = $("#help"); if (help) { help.hidden = !help.hidden; } break;
      default: break;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireForms();
    document.addEventListener("keydown", onKey);
    var toggle = $("#help-toggle");
    if (toggle) { toggle.addEventListener("click", function () { var h = $("#help"); h.hidden = !h.hidden; }); }
    var current = $("#queue-list li.current");
    if (current && current.scrollIntoView) { current.scrollIntoView({ block: "nearest" }); }
  });
})();
