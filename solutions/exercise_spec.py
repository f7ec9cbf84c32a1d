"""The graded exercises: hypothetical disputes, their answer keys and the graders' rubrics.

Instructor-only: this file holds every answer. It lives in the nbgrader source folder
(outside any assignment folder, so `nbgrader generate_assignment` never releases it).
Facts are invented for teaching; each question is modelled on the precedents named in
its rubric.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The precedents students may cite; the notebooks show their names from the casebook.
CASES = [
    "actress-face-swap-drama",
    "cheng-v-sun",
    "he-ai-companion",
    "li-ai-voice-sales",
    "li-v-liu",
    "liao-face-swap-templates",
    "lou-face-changing-app",
    "streamer-ai-rumours",
    "tang-ai-detection",
    "virtual-digital-human",
    "yin-ai-voice",
]


@dataclass(frozen=True)
class Question:
    """One hypothetical dispute: the facts, the key to its autograded parts, the rubric."""

    qid: str
    title: tuple[str, str]
    facts: tuple[str, str]
    test: str
    ask: tuple[str, str]  # what the autograded parts ask, incl. which article is wanted
    findings: dict[str, bool]
    conclusion: bool
    precedents: frozenset[str]
    statutes: frozenset[str]
    written: tuple[str, str]
    rubric: tuple[str, ...]

    def parts(self) -> list[str]:
        return [*(f"element:{e}" for e in self.findings), "conclusion", "precedent", "statute"]


@dataclass(frozen=True)
class Assignment:
    aid: str
    cluster: str
    title: tuple[str, str]
    questions: list[Question] = field(default_factory=list)


A1 = Assignment(
    "ex1_ai_works",
    "ai-works",
    ("Exercise 1: AI-generated works", "练习一：AI生成的作品"),
    [
        Question(
            "q1",
            ("The night-ferry book cover", "夜航船诗集封面"),
            (
                "Fang, a freelance illustrator, made the cover of a poetry book with an "
                "open-source image model. Over two days she rewrote her prompt about thirty "
                "times (a night ferry, ink-wash style, lantern light on the water), added "
                "negative prompts to remove stray lettering, fixed the seed and the number "
                "of sampling steps, produced about 150 candidate images, chose one and "
                "repainted the lantern area with the model's inpainting tool. She kept a log "
                "of every prompt and setting. A stock-image site now offers the cover as "
                "'free AI art, owned by nobody'. Fang asks whether the cover is a work "
                "protected by copyright.",
                "自由插画师方某使用开源图像模型为一本诗集制作封面。两天里，她把提示词改写了约三十次"
                "（夜航的渡船、水墨风格、灯笼映在水面），加入反向提示词去除多余文字，固定了随机种子和"
                "采样步数，生成约150张候选图，从中选定一张，又用模型的局部重绘工具修改了灯笼部分。"
                "每一版提示词和参数她都记录在案。现在某图库网站把这张封面当作“无人拥有的免费AI图片”"
                "提供下载。方某想知道：这张封面是否构成受著作权保护的作品？",
            ),
            "ai-work",
            (
                "Apply the test 'Is the AI-assisted output a work?' (`ai-work`). The article "
                "wanted is the one that defines a work.",
                "适用“AI辅助生成的内容是否构成作品”标准（`ai-work`）。所问法条为界定作品的条文。",
            ),
            {"field": True, "intellectual-achievement": True, "fixed-form": True},
            True,
            frozenset({"li-v-liu"}),
            frozenset({"copyright-law-3"}),
            (
                "Is the cover original (独创性)? Would your answer change if Fang had typed one "
                "short prompt, kept the first picture and recorded nothing?",
                "这张封面是否具有独创性？如果方某只输入了一句简短提示词、采用了第一张图且没有任何记录，"
                "结论会不会不同？",
            ),
            (
                "Issue (1): whether the cover shows originality, the element left to judgment.",
                "Rule (1): Copyright Law art. 3: independent completion plus personal expression; "
                "Li v. Liu looks at the human choices from conception to the final selection "
                "(prompts, negative prompts, parameters, choosing among outputs).",
                "Application (1): thirty prompt versions, negative prompts, fixed seed and steps, "
                "selection from about 150 images and inpainting mirror Li v. Liu; the log is "
                "evidence of the process. The one-prompt variant is genuinely contested: credit "
                "either view if it weighs the thin human input and the lack of records.",
                "Conclusion (1): a reasoned answer on both versions (likely a fine-art work on "
                "the stated facts; doubtful in the variant).",
            ),
        ),
        Question(
            "q2",
            ("The virtual singer's model on an asset market", "虚拟歌手模型被挂上素材市场"),
            (
                "Blue Whale Studio's artists designed Xiaolan, a virtual singer, from their own "
                "sketches; it is not disputed that her full-body 3D model is a fine-art work "
                "owned by the studio. A contractor who had helped rig the model uploaded the "
                "studio's model files, unchanged, to a 3D-asset marketplace, where anyone could "
                "buy and download them at any time. The studio never agreed. It sues the "
                "contractor.",
                "蓝鲸工作室的美术人员根据自己的草图设计了虚拟歌手“小蓝”；双方对其全身三维模型属于"
                "工作室享有著作权的美术作品并无争议。一名曾参与模型绑定的外包人员把工作室的模型文件"
                "原样上传到一个三维素材交易平台，任何人都可以随时付费下载。工作室从未同意。"
                "工作室起诉该外包人员。",
            ),
            "network-dissemination",
            (
                "Apply the test 'Information-network dissemination right' "
                "(`network-dissemination`) to the contractor. The article wanted is the one that "
                "lists the copyright owner's rights.",
                "对外包人员适用“信息网络传播权”标准（`network-dissemination`）。"
                "所问法条为列举著作权人各项权利的条文。",
            ),
            {
                "protected-work": True,
                "same-or-similar": True,
                "made-available": True,
                "no-permission": True,
            },
            True,
            frozenset({"virtual-digital-human"}),
            frozenset({"copyright-law-10"}),
            (
                "Is the marketplace itself jointly liable with the contractor? Weigh the factors "
                "the courts use for a platform in this position.",
                "素材交易平台本身是否应与外包人员承担连带责任？请权衡法院对处于这一位置的平台所考虑的因素。",
            ),
            (
                "Issue (1): joint liability of the hosting marketplace, not only of the uploader.",
                "Rule (1): Civil Code arts. 1168/1169/1197 and the factors of the virtual digital "
                "human case: type of service, intervention in content, direct economic benefit, "
                "fame of the work, popularity of the content.",
                "Application (1): the facts say little about the marketplace (no notice, no "
                "editing, fee model unknown); in the virtual digital human case the model website "
                "was not jointly liable. Credit answers that name the missing facts that would "
                "change the result (a commission per sale, promotion, a takedown notice ignored).",
                "Conclusion (1): a reasoned view; 'not liable on these facts, unless...' is the "
                "expected shape.",
            ),
        ),
    ],
)

A2 = Assignment(
    "ex2_voice_portrait",
    "voice-portrait",
    ("Exercise 2: Voice and portrait", "练习二：声音与肖像"),
    [
        Question(
            "q1",
            ("A singer's voice cloned for new songs", "歌手的声音被克隆来唱新歌"),
            (
                "Mei, a session singer, recorded vocal demos for a record label; the label owns "
                "the copyright in those recordings, and her contract covers only the recordings "
                "and their distribution. The label handed the demos to an AI music app, which "
                "trained a voice model on Mei's demos alone and sold a feature that sings any "
                "lyrics 'in Mei's voice', with her stage name on the button. Listeners' comments "
                "say the songs sound exactly like her. Mei never agreed to any AI use of her "
                "voice, and no lawful exception is claimed. The app says the label licensed it.",
                "伴唱歌手梅某为一家唱片公司录制了演唱小样；唱片公司享有这些录音制品的著作权，梅某的"
                "合同只涉及录音及其发行。唱片公司把小样交给一款AI音乐App，该App仅用梅某的小样训练"
                "声音模型，并出售“用梅某的声音演唱任意歌词”的功能，按钮上写着她的艺名。听众评论说这些"
                "歌听起来和她一模一样。梅某从未同意以任何方式用AI使用她的声音，被告也未主张任何法定"
                "的合理使用情形。App称已获唱片公司授权。",
            ),
            "voice",
            (
                "Apply the test 'Voice rights' (`voice`) to the app. The article wanted is the "
                "one that protects a natural person's voice.",
                "对App适用“声音权益”标准（`voice`）。所问法条为保护自然人声音的条文。",
            ),
            {"use-of-voice": True, "no-consent": True, "lawful-exception": False},
            True,
            frozenset({"yin-ai-voice"}),
            frozenset({"civil-code-1023"}),
            (
                "Is the cloned voice recognisable (可识别性) as Mei's? Does the label's copyright "
                "in the recordings let it authorise the app's AI use of her voice?",
                "克隆出的声音是否具有可识别性，能被认出是梅某的声音？唱片公司对录音制品享有的著作权，"
                "能否使其授权App以AI方式使用梅某的声音？",
            ),
            (
                "Issue (1): recognisability of an AI voice, and whether the label's licence "
                "covers AI use.",
                "Rule (1): Civil Code art. 1023(2) applies the portrait rules to voice; a voice "
                "is recognisable where timbre, intonation and style let the public (or the "
                "relevant public) link it to one person; copyright in a recording does not carry "
                "consent to AI use of the voice (Yin).",
                "Application (1): a model trained on her demos alone, her stage name on the "
                "button, listeners' comments; the contract covers recordings and distribution "
                "only, so the chain of authorisation does not reach AI use.",
                "Conclusion (1): recognisable; the licence defence fails; voice rights infringed.",
            ),
        ),
        Question(
            "q2",
            ("A dancer's video sold as a face-swap template", "舞者视频被做成付费换脸模板"),
            (
                "Zhou, an amateur dancer, posted a video of her own dance routine. A "
                "photo-effects app downloaded the video and sold it as a paid 'dance template': "
                "the preview shows Zhou dancing with her own face unchanged, and paying users "
                "put their own face into the dance. Zhou never agreed, and no lawful exception "
                "is claimed.",
                "业余舞者周某发布了一段自己跳舞的视频。一款照片特效App下载了该视频，并将其作为付费"
                "“舞蹈模板”出售：预览画面中是周某本人未经改动的面孔在跳舞，付费用户可以把自己的脸换进"
                "这段舞蹈。周某从未同意，App也未主张任何法定的合理使用情形。",
            ),
            "portrait",
            (
                "Apply the test 'Portrait right' (`portrait`) to the app. The article wanted is "
                "the one that forbids making, using or publishing a portrait without consent.",
                "对App适用“肖像权”标准（`portrait`）。所问法条为禁止未经同意制作、使用、公开他人肖像的条文。",
            ),
            {"use-of-portrait": True, "no-consent": True, "lawful-exception": False},
            True,
            frozenset({"lou-face-changing-app"}),
            frozenset({"civil-code-1019"}),
            (
                "Suppose instead that the app had replaced Zhou's face in the preview with a "
                "generated face, but kept her unusual costume and her signature routine, which "
                "her followers know well. Is the template still recognisable as Zhou (可识别性)?",
                "假设App在预览中已把周某的脸换成了生成的面孔，但保留了她独特的服装和粉丝熟知的标志性舞蹈动作。"
                "该模板是否仍然能被识别为周某（可识别性）？",
            ),
            (
                "Issue (1): whether recognisability can rest on costume and movement when the "
                "face is gone.",
                "Rule (1): Civil Code art. 1018: a portrait is an external image by which a "
                "specific person can be identified; the face is the core, but other highly "
                "distinctive features and context can count.",
                "Application (1): Lou (own face shown: infringed) against Liao (face replaced, "
                "styling and movement kept: portrait not infringed, personal information "
                "infringed). Reasonable people differ here: credit either side if it uses how "
                "distinctive the costume and routine are and who would recognise her.",
                "Conclusion (1): a reasoned answer. Note the personal-information claim too, "
                "but not as a sure thing: Zhou posted the video herself, so the app may invoke "
                "information made public (PIPL art. 13(6)), and whether a paid template stays "
                "within a reasonable scope is itself a judgment call.",
            ),
        ),
    ],
)

A3 = Assignment(
    "ex3_personal_rights",
    "personal-rights",
    (
        "Exercise 3: Personal information, reputation and dignity",
        "练习三：个人信息、名誉与人格尊严",
    ),
    [
        Question(
            "q1",
            ("A dating app's AI companions of classmates", "交友App里的“同学”AI伴侣"),
            (
                "A campus dating app lets users build AI companions: a user uploads photos, types "
                "in a name, sets the relationship ('girlfriend', 'deskmate') and trains the "
                "companion by chatting with it. One user built a companion under the real full "
                "name of a classmate, Xu, and the app listed it among its 'popular companions'. "
                "Xu never agreed to any use of her name.",
                "一款校园交友App允许用户创建AI伴侣：上传照片、输入姓名、设定关系（“女朋友”“同桌”），"
                "再通过聊天来“训练”伴侣。一名用户用同学许某的真实姓名创建了一个伴侣，App还把它列入"
                "“热门伴侣”榜单。许某从未同意他人以任何方式使用她的姓名。",
            ),
            "name-right",
            (
                "Apply the test 'Name right' (`name-right`) to the app's use of the name. The "
                "article wanted is the one that forbids interfering with, misappropriating or "
                "impersonating another's name.",
                "就App对姓名的使用适用“姓名权”标准（`name-right`）。所问法条为禁止盗用、假冒他人姓名的条文。",
            ),
            {"name-used": True, "no-consent": True},
            True,
            frozenset({"he-ai-companion"}),
            frozenset({"civil-code-1014", "civil-code-1012"}),
            (
                "Are Xu's personal dignity and freedom (Civil Code art. 990(2)) infringed as well? "
                "Who answers for it: the user, the app, or both?",
                "许某的人格尊严和人身自由（《民法典》第990条第2款）是否也受到侵害？应由谁负责：用户、App，还是二者？",
            ),
            (
                "Issue (1): dignity and personal freedom, and whether the app is a content "
                "service provider rather than a mere technical service.",
                "Rule (1): Civil Code art. 990(2); He: an app whose rules and design organise "
                "users to build and train a companion of a real person co-creates the content "
                "and answers directly.",
                "Application (1): relationship settings and training make it feel like real "
                "interaction with Xu; the 'popular companions' list shows the app promoting it. "
                "Credit a reasoned view that Xu is a private student, not a public figure, so "
                "the harm may be greater.",
                "Conclusion (1): dignity likely infringed; the app directly liable as a content "
                "service provider (the user may be liable too).",
            ),
        ),
        Question(
            "q2",
            ("An AI rumour about a retired teacher", "关于退休教师的AI谣言"),
            (
                "A short-video account used an AI tool to write and voice a clip claiming that "
                "Gao, a named retired primary-school teacher, took cash from parents in return "
                "for better marks; the clip shows her name and her former school. No such event "
                "happened. The account posted the clip without checking any source. It was "
                "shared thousands of times, and commenters called her corrupt. The account "
                "says: 'the AI wrote it, not us'.",
                "某短视频账号用AI工具生成并配音了一段视频，声称退休小学教师高某收受家长现金、"
                "为学生提高分数；视频中出现了她的姓名和原任职学校。这件事从未发生。该账号没有核实任何"
                "来源就发布了视频。视频被转发数千次，评论者称她腐败。该账号辩称：“是AI写的，不是我们写的。”",
            ),
            "reputation",
            (
                "Apply the test 'Reputation right' (`reputation`) to the account. The article "
                "wanted is the one that defines and protects reputation.",
                "对该账号适用“名誉权”标准（`reputation`）。所问法条为规定名誉权并禁止侵害名誉的条文。",
            ),
            {"false-or-insulting": True, "spread": True, "identifies": True},
            True,
            frozenset({"streamer-ai-rumours"}),
            frozenset({"civil-code-1024"}),
            (
                "Was Gao's social evaluation lowered, and was the account at fault? Answer the "
                "defence that 'the AI wrote it'.",
                "高某的社会评价是否降低？该账号是否有过错？请回应“是AI写的”这一抗辩。",
            ),
            (
                "Issue (1): lowered evaluation and fault, the two elements left to judgment.",
                "Rule (1): Civil Code arts. 1024-1026 and 1165: the publisher must verify; "
                "streamer case: 'the AI generated it' is no defence.",
                "Application (1): thousands of shares and hostile comments show the harm; no "
                "source, no check, a serious accusation that was easy to test.",
                "Conclusion (1): reputation infringed; apology and damages are the usual remedies.",
            ),
        ),
    ],
)

A4 = Assignment(
    "ex4_platforms",
    "platforms",
    ("Exercise 4: Platforms and others in the chain", "练习四：平台及链条上的其他主体"),
    [
        Question(
            "q1",
            ("The tea shop and the cloned nutritionist", "茶叶店与被克隆的营养师"),
            (
                "A tea shop hired a livestream promoter and paid a commission on every sale. The "
                "contract let the shop approve each script and video before it went out, and "
                "the sales platform's rules require merchants to check their promotional "
                "material. The promoter's videos used an AI-cloned face and voice of a "
                "well-known TV nutritionist praising the tea. The shop never opened the "
                "approval tool. The nutritionist sues the promoter and the shop; it is not "
                "disputed that the promoter infringed her rights.",
                "一家茶叶店聘请直播推广者带货，按每笔销售支付佣金。合同约定每条脚本和视频发布前都须经"
                "店方审核，销售平台的规则也要求商家审查推广素材。推广者的视频用AI克隆了一位知名电视营养师的"
                "面孔和声音来称赞这款茶。茶叶店从未打开过审核工具。营养师起诉推广者和茶叶店；推广者构成侵权"
                "这一点没有争议。",
            ),
            "merchant-review-duty",
            (
                "Apply the test 'A commissioning merchant's duty to review' "
                "(`merchant-review-duty`) to the shop. The article wanted is the one on jointly "
                "committed torts.",
                "对茶叶店适用“委托商家的审核义务”标准（`merchant-review-duty`）。所问法条为共同侵权的条文。",
            ),
            {
                "commissioned": True,
                "shared-purpose": True,
                "able-to-review": True,
                "failed-to-review": True,
            },
            True,
            frozenset({"li-ai-voice-sales"}),
            frozenset({"civil-code-1168"}),
            (
                "Was the risk of infringement foreseeable to the shop? What would have been "
                "enough review?",
                "茶叶店能否预见侵权风险？怎样的审核才算足够？",
            ),
            (
                "Issue (1): foreseeability, the element left to judgment.",
                "Rule (1): Civil Code arts. 1165 and 1168; the sales-video case: a merchant who "
                "commissions, shares the benefit and can review is jointly liable where heavy "
                "use of a famous person's likeness and cloned voice made the risk foreseeable.",
                "Application (1): a famous TV face and voice endorsing a cheap product is a "
                "warning sign; an approval right it never used.",
                "Conclusion (1): jointly liable with the promoter; credit answers on what a "
                "reasonable check would be (ask for the endorser's authorisation).",
            ),
        ),
        Question(
            "q2",
            ("The face-swapped drama on the homepage", "首页推荐的换脸短剧"),
            (
                "A short-drama platform hosted a 30-episode series uploaded by a production "
                "studio. In every episode the heroine's face had been swapped by AI for that of "
                "a very famous film actress, with a close likeness. The platform's editors put "
                "the series in the homepage 'hot picks' banner and shared the per-episode fees "
                "with the studio. The platform did not remove or block the series. It is not "
                "disputed that the studio infringed the actress's portrait right.",
                "某短剧平台上线了一家制作公司上传的30集短剧。每一集中女主角的脸都被AI换成了一位极其"
                "知名的电影女演员的脸，相似度很高。平台编辑把这部剧放进首页“热门推荐”横幅，并与制作公司"
                "分成按集收取的费用。平台没有删除或屏蔽该剧。制作公司侵害该演员肖像权这一点没有争议。",
            ),
            "red-flag-knowledge",
            (
                "Apply the test 'Red-flag knowledge' (`red-flag-knowledge`) to the platform. "
                "The article wanted is the one on a provider that knows or should know of a "
                "user's infringement.",
                "对平台适用“红旗原则”标准（`red-flag-knowledge`）。所问法条为网络服务提供者知道或应当知道"
                "用户侵权时责任的条文。",
            ),
            {"user-infringed": True, "no-measures": True},
            True,
            frozenset({"actress-face-swap-drama"}),
            frozenset({"civil-code-1197"}),
            (
                "Should the platform have known (应知) of the infringement? Which facts make it "
                "obvious, and what duty of care does a professional platform carry?",
                "平台是否应知侵权？哪些事实使侵权显而易见？专业平台负有怎样的注意义务？",
            ),
            (
                "Issue (1): 应知, the element left to judgment.",
                "Rule (1): Civil Code arts. 1197 and 1169; the short-drama case: an obviously "
                "identifiable star's face is a red flag, and a professional platform owes a "
                "higher duty of care.",
                "Application (1): a very famous actress, every episode, editorial promotion, "
                "fee sharing: reasonable review would have caught it.",
                "Conclusion (1): should have known; jointly liable with the studio.",
            ),
        ),
    ],
)

A5 = Assignment(
    "ex5_labelling",
    "labelling",
    ("Exercise 5: Labelling and algorithmic decisions", "练习五：标识与算法决定"),
    [
        Question(
            "q1",
            ("A poet's verses flagged as AI text", "诗人的诗句被判定为AI文本"),
            (
                "Wen, a poet, answered a question on a Q&A platform with an eight-line poem "
                "written on the spot. The platform's user agreement and its community "
                "announcements, which Wen accepted, require AI-generated content to be labelled "
                "and allow the platform to fold or restrict unlabelled AI content. Its detector "
                "flagged the poem as AI text; the platform folded the answer and barred Wen from "
                "posting for three days. When Wen complained, the platform replied only that "
                "'the model's confidence was high and the decision is final', and refused to "
                "say what the model looked at or how any human review was done.",
                "诗人温某在一个问答平台上即兴写了一首八行诗来回答问题。温某接受的用户协议和社区公告要求"
                "对AI生成内容进行标识，并允许平台折叠或限制未标识的AI内容。平台的检测工具把这首诗判定为"
                "AI文本；平台折叠了该回答，并禁止温某发言三天。温某申诉后，平台只回复“模型置信度很高，"
                "处理决定为最终决定”，拒绝说明模型依据什么作出判断，也不说明人工复核如何进行。",
            ),
            "ai-detection-explanation",
            (
                "Apply the test 'The platform's duty to explain an algorithmic AI-content "
                "finding' (`ai-detection-explanation`). The article wanted is the one on "
                "liability for breach of contract.",
                "适用“平台对算法认定AI生成内容的说明义务”标准（`ai-detection-explanation`）。"
                "所问法条为违约责任的条文。",
            ),
            {"agreement-governs": True, "platform-acted": True},
            True,
            frozenset({"tang-ai-detection"}),
            frozenset({"civil-code-577"}),
            (
                "Who must prove what here, and was the platform's explanation adequate?",
                "本案中谁应证明什么？平台的说明是否充分？",
            ),
            (
                "Issue (1): the burden of explaining and the adequacy of the explanation.",
                "Rule (1): Civil Code art. 577; Tang: for short text written on the spot a user "
                "cannot produce drafts, while the platform controls the algorithm and its "
                "result, so the platform must explain its basis and result reasonably.",
                "Application (1): an on-the-spot poem leaves no drafts; 'high confidence, final' "
                "explains nothing about the basis or the review.",
                "Conclusion (1): breach; restoring the answer and clearing the record are the "
                "fitting remedies.",
            ),
        ),
        Question(
            "q2",
            ("The travel article that really was AI text", "确实由AI生成的游记"),
            (
                "In 2026, Lu posted a long travel article on the same platform without any AI "
                "label. The "
                "detector flagged it, and the platform added an 'AI-generated' label and limited "
                "its reach, as the user agreement Lu accepted allows. In his complaint Lu "
                "admitted that a chatbot had written the whole article and that he had not "
                "declared it. The platform sent him the labelling rule and its detection "
                "report.",
                "2026年，陆某在同一平台发布了一篇长篇游记，没有任何AI标识。检测工具将其标记，平台依照陆某接受的"
                "用户协议给文章加上“AI生成”标签并限制了推荐。陆某在申诉中承认，整篇文章由聊天机器人写成，"
                "他也没有作出声明。平台向他发送了标识规则和检测报告。",
            ),
            "ai-detection-explanation",
            (
                "Apply the same test (`ai-detection-explanation`). The article wanted is the one "
                "that puts the duty to declare AI content on users.",
                "适用同一标准（`ai-detection-explanation`）。所问法条为要求用户声明AI生成内容的条文。",
            ),
            {"agreement-governs": True, "platform-acted": True},
            False,
            frozenset({"tang-ai-detection"}),
            frozenset({"ai-labelling-measures-10"}),
            (
                "Why does this come out differently from the poet's case? Did the platform owe "
                "Lu any further explanation?",
                "本案为何与诗人的情形结果不同？平台是否还需要向陆某作进一步说明？",
            ),
            (
                "Issue (1): whether the duty to explain is breached when the user admits the "
                "content is AI-generated.",
                "Rule (1): Tang puts the duty to explain on the platform because the user cannot "
                "prove human authorship, and holds that users who create with AI must label it "
                "truthfully in good faith; for events from 1 September 2025 the Labelling "
                "Measures art. 10 also requires users to declare AI content (later law: Tang "
                "did not apply it).",
                "Application (1): Lu's admission removes the dispute of fact; the platform acted "
                "under the agreement and still gave the rule and the report.",
                "Conclusion (1): no breach; credit a reasoned note that a disproportionate "
                "penalty could still be questioned.",
            ),
        ),
    ],
)

ASSIGNMENTS = [A1, A2, A3, A4, A5]

# The rubric lines in Chinese, in the same order as each question's English rubric.
RUBRIC_ZH = {
    ("ex1_ai_works", "q1"): (
        "争点（1分）：封面是否具有独创性，这是留待判断的要件。",
        "规则（1分）：《著作权法》第3条：独立完成并体现个性化表达；李某某诉刘某某案考察从构思到最终选定的人的"
        "选择（提示词、反向提示词、参数、在输出中挑选）。",
        "适用（1分）：三十版提示词、反向提示词、固定种子和步数、从约150张中挑选及局部重绘，与先例相当；记录可作"
        "过程证据。只输入一句提示词的情形确有争议：只要权衡了人的投入很少和缺乏记录，任一观点均可得分。",
        "结论（1分）：对两种情形都给出有理由的回答（按所述事实很可能是美术作品；变体情形存疑）。",
    ),
    ("ex1_ai_works", "q2"): (
        "争点（1分）：提供存储的素材平台（而不仅是上传者）是否承担连带责任。",
        "规则（1分）：《民法典》第1168、1169、1197条及虚拟数字人案考虑的因素：服务类型、对内容的干预、直接经济"
        "利益、作品知名度、被诉内容的热度。",
        "适用（1分）：事实对平台着墨很少（无通知、无编辑、收费方式不明）；虚拟数字人案中模型网站不承担连带责任。"
        "能指出哪些缺失事实会改变结果（按件抽成、推荐、无视删除通知）者给分。",
        "结论（1分）：有理由的观点；期待的形式是“依现有事实不担责，除非……”。",
    ),
    ("ex2_voice_portrait", "q1"): (
        "争点（1分）：AI声音的可识别性，以及唱片公司的授权是否涵盖AI使用。",
        "规则（1分）：《民法典》第1023条第2款对声音参照适用肖像权规则；音色、语调、发音风格使公众或相关领域公众"
        "能把声音与特定人联系起来即具可识别性；录音制品的著作权不包含对声音作AI使用的同意（殷某某案）。",
        "适用（1分）：模型只用她的小样训练、按钮上有艺名、听众评论；合同只涉及录音及发行，授权链条不及于AI使用。",
        "结论（1分）：具有可识别性；授权抗辩不成立；声音权益受侵害。",
    ),
    ("ex2_voice_portrait", "q2"): (
        "争点（1分）：面孔被替换后，服装和动作能否支撑可识别性。",
        "规则（1分）：《民法典》第1018条：肖像是可以识别特定自然人的外部形象；面部是核心，但其他高度独特的特征和"
        "语境也可计入。",
        "适用（1分）：Lou案（显示本人面孔：侵权）对照廖某案（换脸后保留妆容和动作：肖像权不侵权，个人信息侵权）。"
        "此处见仁见智：只要结合服装和舞蹈的独特程度及谁能认出她来论证，任一立场均可得分。",
        "结论（1分）：有理由的回答，并指出无论哪种结论，个人信息主张依然成立。",
    ),
    ("ex3_personal_rights", "q1"): (
        "争点（1分）：人格尊严和人身自由，以及App是内容服务提供者还是单纯的技术服务提供者。",
        "规则（1分）：《民法典》第990条第2款；何某案：通过规则和设计组织用户创建、训练真人伴侣的App参与了内容"
        "创作，应直接承担责任。",
        "适用（1分）：关系设定和“训练”让人感觉是与许某本人真实互动；“热门伴侣”榜单表明App在推广。论证许某是"
        "普通学生而非公众人物、损害可能更大者给分。",
        "结论（1分）：人格尊严很可能受侵害；App作为内容服务提供者直接担责（用户也可能担责）。",
    ),
    ("ex3_personal_rights", "q2"): (
        "争点（1分）：社会评价降低和过错，这两个要件留待判断。",
        "规则（1分）：《民法典》第1024至1026条及第1165条：发布者应当核实；主播案：“AI生成的”不是抗辩理由。",
        "适用（1分）：数千次转发和敌意评论表明损害；无来源、未核实，而严重指控本易于查证。",
        "结论（1分）：名誉权受侵害；通常的救济是赔礼道歉和赔偿损失。",
    ),
    ("ex4_platforms", "q1"): (
        "争点（1分）：可预见性，这是留待判断的要件。",
        "规则（1分）：《民法典》第1165、1168条；带货视频案：委托推广、共享利益且能够审核的商家，在大量使用名人"
        "形象和克隆声音使风险可预见时，应承担连带责任。",
        "适用（1分）：知名电视面孔和声音为廉价商品背书是警示信号；商家有审核权却从未使用。",
        "结论（1分）：与推广者承担连带责任；能说明合理审核应是什么（要求出示代言授权）者给分。",
    ),
    ("ex4_platforms", "q2"): (
        "争点（1分）：应知，这是留待判断的要件。",
        "规则（1分）：《民法典》第1197、1169条；短剧案：明显可识别的明星面孔是“红旗”，专业平台负有更高的注意义务。",
        "适用（1分）：极知名的女演员、每一集、编辑推荐、分成收费：合理审查本可发现。",
        "结论（1分）：应当知道；与制作公司承担连带责任。",
    ),
    ("ex5_labelling", "q1"): (
        "争点（1分）：说明责任的分配及说明是否充分。",
        "规则（1分）：《民法典》第577条；唐某某案：即时创作的短文本用户无法提供底稿，而算法及其结果由平台掌控，"
        "平台必须合理说明依据和结果。",
        "适用（1分）：即兴写的诗没有底稿；“置信度高、为最终决定”没有说明任何依据或复核情况。",
        "结论（1分）：构成违约；恢复回答、删除记录是相称的救济。",
    ),
    ("ex5_labelling", "q2"): (
        "争点（1分）：用户承认内容由AI生成时，是否仍违反说明义务。",
        "规则（1分）：唐某某案把说明义务放在平台，是因为用户无法证明人类创作；用户应当声明AI生成内容（《标识办法》"
        "第10条）。",
        "适用（1分）：陆某的承认消除了事实争议；平台依协议处理，并提供了规则和检测报告。",
        "结论（1分）：不构成违约；能合理指出处罚过重仍可质疑者给分。",
    ),
}
