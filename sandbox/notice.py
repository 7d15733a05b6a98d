"""Defect notice_every_view on flavours A and B: the portal's 系统升级公告, a modal over the page on
every view, its 我知道了 never remembered. One piece of markup (its look inline) for both vendors'
base templates, so the two cannot drift; flavour C draws its own from its SPA (static/core.js)."""
from __future__ import annotations

from markupsafe import Markup

NOTICE_LAYER = Markup("""<style>
.sb-notice-layer { position: fixed; inset: 0; background: rgba(0, 0, 0, .45); display: flex; align-items: center;
  justify-content: center; z-index: 1000; }
.sb-notice { background: #fff; max-width: 28rem; margin: 1rem; padding: 1.25rem 1.5rem; border-radius: 6px;
  box-shadow: 0 8px 24px rgba(0, 0, 0, .3); }
.sb-notice h2 { margin: 0 0 .5rem; font-size: 1.2rem; }
.sb-notice button { margin-top: .75rem; padding: .4rem 1.2rem; font-size: 1rem; }
</style>
<div class="sb-notice-layer" id="sbNotice">
  <div class="sb-notice" role="dialog" aria-modal="true" aria-labelledby="sbNoticeTitle">
    <h2 id="sbNoticeTitle">系统升级公告</h2>
    <p>为提升服务质量，本网将于近期进行系统升级，升级期间部分服务可能短暂中断，敬请谅解。</p>
    <button type="button" id="sbNoticeOk">我知道了</button>
  </div>
</div>
<script>document.getElementById("sbNoticeOk").addEventListener("click", function () { document.getElementById("sbNotice").remove(); });</script>
""")


def notice_layer(shown: bool) -> Markup:
    """The notice's markup when the defect is on for this view (a portal page, not the 长辈版), else nothing."""
    return NOTICE_LAYER if shown else Markup("")
