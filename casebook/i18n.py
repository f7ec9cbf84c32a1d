"""The lesson widgets' and figures' own words, in English and Chinese, in one place."""

from __future__ import annotations

__all__ = [
    "APPEAL",
    "CLUSTERS",
    "FINDING",
    "LANGS",
    "NOTES",
    "REMEDY_KINDS",
    "ROLES",
    "SIDES",
    "UI",
    "label",
    "tr",
    "zh",
    "zh_punct",
    "zh_punct_html",
]

LANGS = (("English", "en"), ("中文", "zh"))

UI: dict[str, dict[str, str]] = {
    # Page furniture
    "language": {"en": "Language", "zh": "语言"},
    "rule": {"en": "The rule", "zh": "规则"},
    "question": {"en": "The question", "zh": "问题"},
    "statutes": {"en": "The law", "zh": "法律依据"},
    "unverified": {
        "en": "wording read only in secondary sources",
        "zh": "措辞仅见于二手资料",
    },
    "note": {"en": "Keep in mind", "zh": "注意"},
    "elements": {"en": "The elements", "zh": "构成要件"},
    "how_combined": {"en": "How the elements combine", "zh": "要件如何组合"},
    "combination.all": {
        "en": "Every required element must be met, and no exception may apply.",
        "zh": "所有必备要件都须满足，且不存在例外情形。",
    },
    "combination.any": {
        "en": "Any one of the alternatives is enough, unless an exception applies.",
        "zh": "满足任一选择性要件即可，除非存在例外情形。",
    },
    "combination.nested": {
        "en": "The elements combine in nested groups (all of some, any of others), "
        "as the test's rule sets out, unless an exception applies.",
        "zh": "各要件按该标准规则所列的嵌套组合（部分须全部满足、部分满足其一即可）判断，"
        "除非存在例外情形。",
    },
    "combination.weighed": {
        "en": "The court weighs the factors together; the outcome is its overall "
        "judgment, not a count of the factors.",
        "zh": "法院对各因素作整体权衡；结论取决于整体判断，而不是因素计数。",
    },
    "role.required": {"en": "required", "zh": "必备要件"},
    "role.alternative": {"en": "alternative", "zh": "选择性要件"},
    "role.exception": {"en": "exception (defence)", "zh": "例外（抗辩）"},
    "role.factor": {"en": "factor", "zh": "考量因素"},
    "role.balance": {"en": "overall judgment", "zh": "综合判断"},
    "judgment_call": {"en": "a judgment call", "zh": "需综合判断"},
    "key_facts": {"en": "Facts that usually decide it", "zh": "通常起决定作用的事实"},
    # The precedents table
    "precedents": {"en": "The leading cases, element by element", "zh": "典型案例：逐项要件"},
    "element": {"en": "Element", "zh": "要件"},
    "outcome": {"en": "The court concluded", "zh": "法院的结论"},
    "rule_result": {
        "en": "The rule gives (stated findings only)",
        "zh": "依规则得出（仅依来源载明的认定）",
    },
    "rule_undecided": {"en": "undecided", "zh": "无法得出"},
    "departs": {"en": "the court departs from the rule", "zh": "法院偏离了规则"},
    "court_vs_rule_help": {
        "en": "The last two rows set what the court concluded beside what the test's rule gives "
        "from the findings the sources state; findings only implied by the holding are marked "
        "and not counted as evidence.",
        "zh": "最后两行把法院的结论与依来源载明的认定按标准规则得出的结果并列；仅由结论推知的认定"
        "另行标注，不作为证据计算。",
    },
    "hover": {
        "en": "Each numbered cell's court reason is listed under the table (point at a cell to "
        "see it there too); pick a case below for its full detail.",
        "zh": "各单元格的编号对应表格下方所列的法院理由（鼠标停在单元格上也可查看）；"
        "在下方选择案例可查看详情。",
    },
    "reasons": {
        "en": "The courts' reasons, numbered as in the table",
        "zh": "法院理由（编号与表中一致）",
    },
    "not_addressed": {"en": "not addressed", "zh": "未涉及"},
    "no_cases": {
        "en": "No case in the casebook has applied this test yet.",
        "zh": "本案例集中尚无适用该标准的案例。",
    },
    "detail_for": {"en": "Details for", "zh": "查看详情"},
    "holding": {"en": "Holding", "zh": "裁判结论"},
    "party": {"en": "Party", "zh": "当事人"},
    "court": {"en": "Court", "zh": "法院"},
    "date": {"en": "Date", "zh": "日期"},
    "case_id": {"en": "id", "zh": "编号"},
    "decided": {"en": "Decided", "zh": "裁判日期"},
    "published": {"en": "Published", "zh": "发布日期"},
    "facts": {"en": "Facts", "zh": "案件事实"},
    "sources": {"en": "Sources", "zh": "来源"},
    # Apply the test
    "apply": {"en": "Apply the test", "zh": "适用该标准"},
    "apply_help": {
        "en": "Decide each element for your own facts. The conclusion, the explanation and "
        "the closest cases change as you go.",
        "zh": "请根据你的案情逐项判断。结论、说明和最相近的案例会随之更新。",
    },
    "start_from": {"en": "Start from", "zh": "从此案例开始"},
    "blank": {"en": "(blank: my own facts)", "zh": "（空白：我自己的案情）"},
    "choice.met": {"en": "met", "zh": "满足"},
    "choice.not_met": {"en": "not met", "zh": "不满足"},
    "choice.unsure": {"en": "not sure", "zh": "不确定"},
    "choice.towards": {"en": "weighs towards", "zh": "支持"},
    "choice.against": {"en": "weighs against", "zh": "不支持"},
    "choice.applies": {"en": "applies", "zh": "适用"},
    "choice.not_applies": {"en": "does not apply", "zh": "不适用"},
    "choice.not_shown": {"en": "not shown", "zh": "未主张"},
    "fact_present": {"en": "in my facts", "zh": "我的案情中存在"},
    "conclusion": {"en": "Conclusion", "zh": "结论"},
    "explanation": {"en": "Why", "zh": "理由"},
    "closest": {"en": "Closest cases", "zh": "最相近的案例"},
    "agree": {
        "en": "agrees with {n} of your answers, differs on {m}",
        "zh": "与你的判断一致 {n} 项，不同 {m} 项",
    },
    "facts_noted": {
        "en": "Facts you noted for {element}: {facts}. They usually decide this element; "
        "weigh them and choose an answer above.",
        "zh": "你为“{element}”勾选的事实：{facts}。"
        "这些事实通常决定该要件，请权衡后在上方作出选择。",
    },
    "facts_decided": {
        "en": "Facts you noted for {element}: {facts}.",
        "zh": "你为“{element}”勾选的事实：{facts}。",
    },
    # Distinguish
    "distinguish": {"en": "Distinguish the cases", "zh": "区分案例"},
    "deciding": {"en": "deciding difference", "zh": "决定性差异"},
    # Four headings, because what is compared differs: two cases or one, one test or two.
    "same_test": {
        "en": "Both cases applied: {test}",
        "zh": "两个案例均适用：{test}",
    },
    "same_case_same_test": {
        "en": "One case, two parties, the same test: {test}",
        "zh": "同一案件中的两方当事人，适用同一标准：{test}",
    },
    "two_tests": {
        "en": "The same facts under two different tests.",
        "zh": "同一事实，适用两个不同的标准。",
    },
    "two_cases_two_tests": {
        "en": "Two cases, each under its own test: {tests}",
        "zh": "两个案例，各自适用不同的标准：{tests}",
    },
    # Self-check
    "quiz": {"en": "Check yourself (not graded)", "zh": "自测（不计分）"},
    "quiz_help": {
        "en": "Each question gives new facts: apply the law to them. Once you answer, every "
        "option shows why it is right or wrong.",
        "zh": "每道题给出一组新的事实，请把法律适用到这些事实上。"
        "作答后，每个选项都会显示其对错的理由。",
    },
    "right": {"en": "Right.", "zh": "正确。"},
    "wrong": {"en": "Not quite.", "zh": "不完全正确。"},
    "option_right": {"en": "right", "zh": "正确"},
    "option_wrong": {"en": "wrong", "zh": "错误"},
    "your_answer": {"en": "your answer", "zh": "你的答案"},
    "quiz_cases": {"en": "Cases to read", "zh": "可参阅的案例"},
    "quiz_reveal": {"en": "Answer and reasons", "zh": "答案与理由"},
    # Course map and remedies
    "guide": {"en": "How to use this kit", "zh": "如何使用本教材"},
    "all_cases": {"en": "Every case", "zh": "全部案例"},
    "case": {"en": "Case", "zh": "案例"},
    "tests": {"en": "Legal tests applied", "zh": "适用的法律标准"},
    "lesson": {"en": "Lesson", "zh": "课程"},
    "appeal": {"en": "Appeal", "zh": "上诉"},
    "remedies": {"en": "What the courts ordered", "zh": "法院判令的责任承担方式"},
    "against": {"en": "Against", "zh": "责任方"},
    "kind": {"en": "Kind of order", "zh": "类型"},
    "order": {"en": "Order", "zh": "判令内容"},
    "sum": {"en": "Sum", "zh": "金额"},
    "joint": {"en": "jointly and severally", "zh": "承担连带责任"},
    "no_remedies": {
        "en": "The sources report no order in this case.",
        "zh": "来源未报道本案的判令内容。",
    },
    "related": {"en": "Cases that raise it", "zh": "相关案例"},
    "significance": {"en": "Why it matters", "zh": "意义"},
    # Figures
    "fig.timeline": {
        "en": "When the cases were decided, and when they were published",
        "zh": "案件何时裁判、何时发布",
    },
    "fig.timeline.undated": {
        "en": "Not shown, no date reported: {cases}",
        "zh": "未列入（未报道任何日期）：{cases}",
    },
    "fig.timeline.no_ruling": {
        "en": "Ruling date not reported, so only other dates are shown: {cases}",
        "zh": "未报道裁判日期，仅显示其他日期：{cases}",
    },
    "fig.timeline.decided": {"en": "decided (date of the ruling)", "zh": "裁判（判决日期）"},
    "fig.timeline.ruling_reported": {
        "en": "ruling reported (decided on or before)",
        "zh": "判决见诸报道（裁判不晚于此日）",
    },
    "fig.timeline.filed": {"en": "filed", "zh": "立案"},
    "fig.timeline.heard": {"en": "heard in court", "zh": "开庭审理"},
    "fig.timeline.published": {
        "en": "published (typical-case release or press report)",
        "zh": "发布（典型案例发布或新闻报道）",
    },
    "fig.timeline.event": {
        "en": "step in the dispute (e.g. posting the work)",
        "zh": "纠纷经过（如发布作品）",
    },
    "fig.precision": {
        "en": "marker: exact day; bar: only the month or year is reported",
        "zh": "标记：具体日期；横条：仅报道了月份或年份",
    },
    "fig.caveat": {
        "en": "These are typical cases that courts chose to publish, not a sample of all "
        "cases: the chart describes this casebook, not how courts usually decide.",
        "zh": "这些是法院选择发布的典型案例，并非全部案件的样本：本图只反映本案例集，"
        "不代表法院的一般裁判倾向。",
    },
    "fig.matrix": {"en": "Which rights each case decided", "zh": "各案例认定的权利"},
    "fig.matrix.lesson": {
        "en": "This lesson's cases: every test they raised, and how it came out",
        "zh": "本课案例涉及的各项标准及其结论",
    },
    "fig.matrix.others": {
        "en": "Tests in grey italics are taught in other lessons.",
        "zh": "灰色标注的标准在其他课中讲授。",
    },
    "fig.upheld": {"en": "test met", "zh": "成立"},
    "fig.rejected": {"en": "test not met", "zh": "不成立"},
    "fig.mixed": {"en": "mixed (several parties)", "zh": "部分成立（多方当事人）"},
    "fig.not_applied": {"en": "test not applied", "zh": "未适用该标准"},
    "fig.roles": {
        "en": "Outcomes by the defendant's role in the AI chain",
        "zh": "按被告在AI链条中的角色统计的结论",
    },
    "fig.roles.x": {
        "en": "issues raised against defendants (test met / test not met)",
        "zh": "针对被告的争点数（标准成立／标准不成立）",
    },
    "fig.roles.note": {
        "en": "A defendant with several roles counts once for each role.",
        "zh": "被告兼有多个角色的，每个角色各计一次。",
    },
    "fig.liable": {"en": "test met (liable or infringing)", "zh": "标准成立（侵权或担责）"},
    "fig.not_liable": {"en": "test not met", "zh": "标准不成立"},
    "fig.remedies": {"en": "Sums ordered, where reported", "zh": "判赔金额（已报道者）"},
    "fig.remedies.x": {"en": "amount (CNY)", "zh": "金额（人民币元）"},
    "fig.remedies.none": {
        "en": "Orders without a reported sum: {cases}",
        "zh": "未报道金额的判令：{cases}",
    },
}

FINDING = {
    "met": {"en": "met", "zh": "满足"},
    "not_met": {"en": "not met", "zh": "不满足"},
    "not_decided": {"en": "not decided", "zh": "未认定"},
}

ROLES = {
    "user": {"en": "user", "zh": "使用者"},
    "publisher": {"en": "publisher", "zh": "发布者"},
    "developer": {"en": "developer", "zh": "开发者"},
    "operator": {"en": "operator", "zh": "运营者"},
    "platform": {"en": "platform", "zh": "平台"},
    "merchant": {"en": "merchant", "zh": "商家"},
    "data_supplier": {"en": "data supplier", "zh": "数据提供者"},
    "licensee": {"en": "licensee", "zh": "被许可人"},
    "rights_holder": {"en": "rights holder", "zh": "权利人"},
}

REMEDY_KINDS = {
    "apology": {"en": "apology", "zh": "赔礼道歉"},
    "damages": {"en": "damages", "zh": "赔偿损失"},
    "mental_distress": {"en": "mental-distress damages", "zh": "精神损害赔偿"},
    "costs": {"en": "costs of protecting rights", "zh": "维权合理开支"},
    "stop_infringement": {"en": "stop the infringement", "zh": "停止侵权"},
    "performance": {"en": "perform the contract", "zh": "继续履行"},
    "deletion": {"en": "delete records", "zh": "删除记录"},
    "no_liability": {"en": "no liability", "zh": "不承担责任"},
    "other": {"en": "other", "zh": "其他"},
}

SIDES = {
    "plaintiff": {"en": "plaintiff", "zh": "原告"},
    "defendant": {"en": "defendant", "zh": "被告"},
    "applicant": {"en": "applicant", "zh": "申请人"},
    "respondent": {"en": "respondent", "zh": "被申请人"},
    "third_party": {"en": "third party", "zh": "第三人"},
}

APPEAL = {
    "none": {"en": "none", "zh": "未上诉"},
    "pending": {"en": "pending", "zh": "上诉审理中"},
    "withdrawn": {"en": "withdrawn", "zh": "撤回上诉"},
    "dismissed": {"en": "dismissed", "zh": "驳回上诉"},
    "affirmed": {"en": "affirmed", "zh": "维持原判"},
    "reversed": {"en": "reversed", "zh": "改判"},
    "not_reported": {"en": "not reported", "zh": "未报道"},
}

CLUSTERS = {
    "ai-works": {"en": "AI-generated works", "zh": "AI生成作品"},
    "voice": {"en": "Voice", "zh": "声音"},
    "portrait": {"en": "Portrait and face-swaps", "zh": "肖像与换脸"},
    "privacy": {"en": "Personal information", "zh": "个人信息"},
    "reputation": {"en": "Reputation, dignity and name", "zh": "名誉、人格尊严与姓名"},
    "platforms": {"en": "Platforms and others in the chain", "zh": "平台及链条中的其他主体"},
    "labelling": {
        "en": "AI-content labelling and the platform's duty to explain",
        "zh": "AI内容标识与平台的说明义务",
    },
    "remedies": {"en": "Remedies", "zh": "责任承担"},
    "open-problems": {"en": "Open problems", "zh": "待解问题"},
}

# Teaching notes for "Distinguish the cases": the fact that separates two look-alike cases,
# in the casebook's own words (see the cases' YAML files for the sources).
NOTES = {
    "lou-liao": {
        "en": "Both businesses turned a real person's video into a face-swap template, and two "
        "courts went different ways. The Hangzhou Internet Court held that Lou某某 had a "
        "portrait right in the template video and in the face-swapped videos as well, and that "
        "uploading the video without consent was already an infringement. The Beijing Internet "
        "Court held that the finished templates showed other faces and that what remained "
        "(make-up, hairstyle, costume, setting) did not identify Liao, so the portrait was not "
        "used; Liao won on personal information instead (lesson 04). Whether styling and "
        "setting alone can identify a person is an open divergence between the two courts, not "
        "a settled rule; neither typical case binds the other court.",
        "zh": "两家企业都把真人视频做成了换脸模板，两家法院的结论不同。杭州互联网法院认为，Lou某某"
        "对模板视频以及换脸后的视频中的相应形象均享有肖像权，未经同意上传视频本身即构成侵权。北京"
        "互联网法院认为，成品模板显示的是他人的面孔，剩下的妆容、发型、服装和场景不足以识别廖某，"
        "因此并未使用其肖像；廖某改以个人信息权益胜诉（见第04课）。仅凭造型和场景能否识别特定的人，"
        "是两家法院之间尚未统一的分歧，而非既定规则；两个典型案例对对方法院均无约束力。",
    },
    "liliu-dh": {
        "en": "Both courts found a protected work, but the human input differed: in Li v. Liu "
        "it was the user's prompts, parameters and choice among the outputs; in the "
        "digital-human case it was the design team's own figures, not copied from real people.",
        "zh": "两案法院都认定构成作品，但人的投入不同：李某某诉刘某某案中是用户的提示词、参数设置"
        "和对输出结果的选择；虚拟数字人案中是设计团队自行设计、并非复制真人的形象。",
    },
    "yin-li-voice": {
        "en": "Both voices were held recognisable, on different evidence: in Yin the model was "
        "built only from the plaintiff's recordings and kept his timbre, intonation and style; "
        "in the sales-video case a closely matching voice came together with the plaintiff's "
        "fame in education and parenting and with the family-education books on sale.",
        "zh": "两案的声音都被认定具有可识别性，但依据不同：殷某某案中，模型仅以原告的录音训练，"
        "保留了其音色、语调和发音风格；带货视频案中，高度相似的声音与原告在教育、育儿领域的知名度"
        "以及所售家庭教育图书相结合。",
    },
    "liao-two-tests": {
        "en": "The same conduct lost on portrait and won on personal information. The portrait "
        "test asks whether viewers recognise the person in the output; the personal-information "
        "test asks whether the company processed data about an identifiable person, here the "
        "facial features in the original videos.",
        "zh": "同一行为，肖像权主张不成立，个人信息主张成立。肖像权标准问的是观众能否从成品中认出"
        "此人；个人信息标准问的是公司是否处理了与可识别自然人有关的信息，即原视频中的面部特征。",
    },
    "cheng-streamer": {
        "en": "Both defendants lowered someone's standing with AI-made material: altered images "
        "shared in a WeChat group (Cheng), and AI-written stories spread in a public short video "
        "(the streamer case). In the streamer case the court added that whoever publishes AI "
        "output must check that it is true.",
        "zh": "两案被告都用AI生成的内容降低了他人的社会评价：程某案是在微信群中传播经过篡改的图片，"
        "主播案是在公开短视频中传播AI编造的故事。主播案法院还指出，发布AI生成内容的人必须核实其真实性。",
    },
    "yin-parties": {
        "en": "One chain, two results. Defendant 2 (who owned and supplied the recordings) and "
        "defendant 3 (who built the voice product) had fault and pay damages; defendants 1, 4 "
        "and 5 had no subjective fault and pay none, although defendant 1 must still apologise.",
        "zh": "同一链条，两种结果。被告二（录音的权利人和提供者）与被告三（声音产品的开发者）"
        "存在过错，须赔偿损失；被告一、四、五无主观过错，不承担赔偿责任，但被告一仍须赔礼道歉。",
    },
    "actress-dh": {
        "en": "Two platforms, opposite results. The short-drama platform was jointly liable: a "
        "famous actress's face made the infringement obvious, so it should have known (应知). "
        "The model website was not, once the court weighed the type of service, its "
        "intervention, its benefit, the fame of the works and the popularity of the content.",
        "zh": "两个平台，结果相反。短剧平台构成共同侵权：知名演员的面孔使侵权显而易见，平台应知。"
        "模型网站则不构成，法院综合考量了服务类型、干预程度、获益情况、作品知名度和内容热度。",
    },
}


def tr(key: str, lang: str = "en", **fmt: object) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled from `fmt`."""
    entry = UI[key]
    text = entry.get(lang, entry["en"])
    return text.format(**fmt) if fmt else text


def label(table: dict[str, dict[str, str]], key: str, lang: str = "en") -> str:
    """A label from one of the tables above, falling back to the key itself."""
    entry = table.get(key)
    return entry.get(lang, entry["en"]) if entry else key


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL_WIDTH = {";": "；", ":": "：", ",": "，", ".": "。", "?": "？", "!": "！"}


def zh_punct(text: str) -> str:
    """Full-width punctuation wherever a mark touches Chinese: '肖像权: 满足; 平台 (应知)'
    reads '肖像权：满足；平台（应知）'. Marks between Latin letters or digits stay as they are."""
    import re

    cjk = re.compile(f"[{_CJK}]")

    def paren(m: re.Match[str]) -> str:
        before, inner = m.group(1), m.group(2)
        if cjk.search(inner) or cjk.match(before.strip()[-1:] or " "):
            return f"{before.rstrip()}（{inner}）"
        return m.group(0)

    text = re.sub(r"(^|[^\s(]?\s?)\(([^()]*)\)", paren, text)
    text = re.sub(
        f"(?<=[{_CJK}])([;:,.?!]) ?|([;:,.?!])(?=[{_CJK}])",
        lambda m: _FULL_WIDTH[m.group(1) or m.group(2)],
        text,
    )
    return text


def zh_punct_html(markup: str) -> str:
    """`zh_punct` on the text of an HTML fragment, leaving tags, attributes and code alone."""
    import re

    parts = re.split(r"(<code\b.*?</code>|<style\b.*?</style>|<[^>]+>)", markup, flags=re.S)
    return "".join(p if p.startswith("<") else _punct_keeping_entities(p) for p in parts)


def _punct_keeping_entities(text: str) -> str:
    """`zh_punct` on escaped text: the ';' that closes '&quot;' is markup, not Chinese
    punctuation, so each entity stands in as one private-use character meanwhile."""
    import re

    entities: list[str] = []

    def hide(m: re.Match[str]) -> str:
        entities.append(m.group(0))
        return chr(0xE000 + len(entities) - 1)

    hidden = re.sub(r"&#?\w+;", hide, text)
    if not entities:
        return zh_punct(text)
    return re.sub("[\ue000-\uf8ff]", lambda m: entities[ord(m.group(0)) - 0xE000], zh_punct(hidden))


def zh(text: str, lang: str, html: bool = False) -> str:
    """The text as is in English; with full-width punctuation in Chinese."""
    if lang != "zh":
        return text
    return zh_punct_html(text) if html else zh_punct(text)
