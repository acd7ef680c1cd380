"""User-facing texts in Simplified Chinese (default) and English."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "welcome": {
        "zh": "您好，我是**正版化助手**。可以直接问我软件正版化的问题，例如“wps要钱吗”“win10专业版怎么降级”。发送 /help 查看您能用的功能。",
        "en": 'Hello, I am the **software legalization assistant**. Ask me anything about genuine software, e.g. "Is WPS free?". Send /help to see what you can do.',
    },
    "welcome_linked": {
        "zh": "您好，{name}（{role}）。已关联您的账号。发送 /help 查看您能用的功能。",
        "en": "Hello, {name} ({role}). Your account is linked. Send /help to see what you can do.",
    },
    "linked": {
        "zh": "账号关联成功：{name}（{role}）。",
        "en": "Account linked: {name} ({role}).",
    },
    "need_link": {
        "zh": "此功能需要先关联账号。请向管理员索取邀请码，然后发送 /start 邀请码。",
        "en": "This needs a linked account. Ask an admin for an invite code, then send /start CODE.",
    },
    "forbidden": {
        "zh": "抱歉，您的角色不能使用 /{command}。",
        "en": "Sorry, your role may not use /{command}.",
    },
    "unknown_command": {
        "zh": "没有这个命令：/{command}。发送 /help 查看可用命令。",
        "en": "Unknown command: /{command}. Send /help for the list.",
    },
    "help_header": {"zh": "**您可以使用：**", "en": "**What you can do:**"},
    "help_free_text": {
        "zh": "直接输入问题即可咨询（24小时）。",
        "en": "Type a question to ask the knowledge base (24 hours).",
    },
    "whoami_anonymous": {
        "zh": "您尚未关联账号（访客），只能查询公开知识库。",
        "en": "You are not linked (visitor): public knowledge base only.",
    },
    "whoami": {
        "zh": "姓名：{name}\n角色：{role}\n科室：{department}\n渠道：{channel}",
        "en": "Name: {name}\nRole: {role}\nDepartment: {department}\nChannel: {channel}",
    },
    "lang_set": {"zh": "已切换为中文。", "en": "Language set to English."},
    "lang_usage": {"zh": "用法：/lang zh 或 /lang en", "en": "Usage: /lang zh or /lang en"},
    "empty": {
        "zh": "请输入您的问题，或发送 /help 查看功能。",
        "en": "Please type your question, or send /help.",
    },
    "unreadable": {
        "zh": "无法读取这条消息（似乎不是文字）。请用文字描述您的问题。",
        "en": "That message could not be read (it does not look like text). Please type your question.",
    },
    "truncated": {
        "zh": "（消息过长，只处理了前 {limit} 个字符）",
        "en": "(Message too long; only the first {limit} characters were read.)",
    },
    "public_off": {
        "zh": "请先关联账号后再咨询：向管理员索取邀请码，然后发送 /start 邀请码。",
        "en": "Please link your account first: ask an admin for an invite code, then send /start CODE.",
    },
    "error": {
        "zh": "抱歉，处理您的消息时出错了，已记录。请稍后再试。",
        "en": "Sorry, something went wrong handling your message; it has been logged. Please try again.",
    },
    "expired_button": {
        "zh": "这个按钮已失效，请重新操作。",
        "en": "That button has expired; please start again.",
    },
    "cancelled": {"zh": "已取消。", "en": "Cancelled."},
    "kb_thanks": {"zh": "感谢反馈！", "en": "Thanks for the feedback!"},
    "kb_sorry": {
        "zh": "抱歉没帮上忙。可以换个说法再问，或转人工咨询。",
        "en": "Sorry that did not help. Try other words, or ask a human.",
    },
    "kb_type_question": {
        "zh": "请输入您想咨询的问题，技术人员会在聊天里回复您。",
        "en": "Type your question; a technician will reply here in chat.",
    },
    "kb_ticket_opened": {
        "zh": "已提交咨询工单 #{id}，技术人员回复后会在这里通知您。",
        "en": "Consultation ticket #{id} opened; the technician's answer will arrive here.",
    },
    "kb_reloaded": {
        "zh": "知识库已重新加载：{count} 篇文章。",
        "en": "Knowledge base reloaded: {count} articles.",
    },
    "kb_reload_failed": {
        "zh": "重新加载失败，仍使用原知识库：{error}",
        "en": "Reload failed; the previous knowledge base stays in use: {error}",
    },
    "kb_pin_usage": {
        "zh": "用法：/kbpin 文章ID 问法（文章ID 必须存在）",
        "en": "Usage: /kbpin ARTICLE-ID phrasing (the article must exist)",
    },
    "kb_pinned": {"zh": "已固定到文章 {article}。", "en": "Pinned to article {article}."},
    "kb_no_gaps": {"zh": "暂无未答好的问题。", "en": "No unanswered questions yet."},
    "kb_gaps_header": {
        "zh": "**知识库缺口（按次数）：**",
        "en": "**Knowledge gaps (most frequent first):**",
    },
    "inv_no_machines": {
        "zh": "没有登记在您名下的电脑。如有疑问请联系技术人员。",
        "en": "No machine is registered to you. Ask a technician if that is wrong.",
    },
    "inv_all_bound": {
        "zh": "所有检查工具客户端都已绑定。",
        "en": "Every check-tool client is bound.",
    },
    "upload_unsupported": {
        "zh": "暂不支持接收文件，请用文字描述。",
        "en": "Files are not accepted here; please type instead.",
    },
    "role.staff": {"zh": "工作人员", "en": "staff"},
    "role.technician": {"zh": "技术人员", "en": "technician"},
    "role.admin": {"zh": "管理员", "en": "admin"},
    "none": {"zh": "无", "en": "none"},
}


def t(lang: str, key: str, **values: Any) -> str:
    """Return text ``key`` in ``lang`` (falling back to Chinese) formatted with ``values``."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["zh"]
    return template.format(**values) if values else template


def normalize_language(value: str | None) -> str | None:
    """Map user input like 'zh', '中文', 'EN', 'english' to a supported code, or None."""
    if not value:
        return None
    text = value.strip().lower()
    if text in ("zh", "cn", "zh_cn", "zh-cn", "中文", "chinese", "简体中文"):
        return "zh"
    if text in ("en", "english", "英文", "英语"):
        return "en"
    return None
