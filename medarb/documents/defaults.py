"""The standard document set (DOMAIN.md §4): first versions of every template.

Administrators edit them afterwards in the template centre; these texts only seed version 1.
Bodies are Django templates run in the sandbox of `rendering.py`; fields are listed there.
"""

PARTIES = """{% for p in applicants %}<p class="noindent">申请人：{{ p.name }}{% if p.gender %}，{{ p.gender }}{% endif %}{% if p.birth_date %}，{{ p.birth_date }}出生{% endif %}{% if p.occupation %}，{{ p.occupation }}{% endif %}{% if p.address %}，住所：{{ p.address }}{% endif %}{% if p.legal_representative %}，法定代表人：{{ p.legal_representative }}{% endif %}。</p>{% endfor %}
{% for p in respondents %}<p class="noindent">被申请人：{{ p.name }}{% if p.address %}，住所：{{ p.address }}{% endif %}{% if p.legal_representative %}，法定代表人：{{ p.legal_representative }}{% endif %}。</p>{% endfor %}
{% for p in third_parties %}<p class="noindent">第三人：{{ p.name }}{% if p.address %}，住所：{{ p.address }}{% endif %}。</p>{% endfor %}
{% for a in agents %}<p class="noindent">委托代理人：{{ a.name }}（{{ a.principal }}的代理人）。</p>{% endfor %}
"""

CLAIMS = """{% for c in claims %}<p>{{ forloop.counter }}. {{ c.description }}{% if c.amount %}，金额 {{ c.amount }} 元（{{ c.amount_capitals }}）{% endif %}；</p>{% endfor %}
{% if case.claimed_total != "0.00" %}<p>以上请求金额合计 {{ case.claimed_total }} 元（{{ case.claimed_total_capitals }}）。</p>{% endif %}"""

RECIPIENTS = "{% for p in applicants %}{{ p.name }}{% if not forloop.last %}、{% endif %}{% endfor %}{% for p in respondents %}、{{ p.name }}{% endfor %}"

# Papers that belong to the internal volume (副卷) whoever issues them: never served, never
# shown to the parties.
INTERNAL_PAPERS = frozenset({"joint_review_minutes"})

CASE_TEMPLATES: dict[str, tuple[str, str]] = {
    "application": (
        "劳动人事争议仲裁申请书",
        PARTIES
        + """<h2>仲裁请求</h2>"""
        + CLAIMS
        + """
<h2>事实与理由</h2><div>{{ case.facts|linebreaks }}</div>
<p>此致</p><p class="noindent">{{ unit.name }}</p>
<p>附：本申请书副本 {{ respondents|length }} 份；证据清单。</p>""",
    ),
    # 2017 rules (人社部令第33号, not in data/laws): Art. 29(4) 对于仲裁申请书不规范或者材料不齐备的，
    # 仲裁委员会应当当场或者在五日内一次性告知申请人需要补正的全部材料; Art. 46(2) 申请人需要补正材料的，
    # 仲裁委员会收到仲裁申请的时间从材料补正之日起重新计算. The national rules set no consequence for
    # a lapsed correction: the last paragraph states the one this procedure applies (逾期未补正).
    "correction_notice": (
        "补正通知书",
        """<p class="noindent">{% for p in applicants %}{{ p.name }}{% if not forloop.last %}、{% endif %}{% endfor %}：</p>
<p>你（单位）与{% for p in respondents %}{{ p.name }}{% if not forloop.last %}、{% endif %}{% endfor %}因{{ case.cause }}发生的劳动人事争议仲裁申请，本院已于{{ case.received_on }}收到。经审查，仲裁申请书不规范或者材料不齐备。依照《劳动人事争议仲裁办案规则》第二十九条第四款的规定，现一次性告知你（单位）需要补正的全部材料如下：</p>
{% for item in extra.missing_items %}<p>{{ forloop.counter }}. {{ item }}{% if forloop.last %}。{% else %}；{% endif %}</p>{% empty %}<p>____</p>{% endfor %}
<p>请于{{ extra.reply_by|default:"本院指定之日" }}前向本院补正上述全部材料。依照《劳动人事争议仲裁办案规则》第四十六条第二项的规定，本院收到仲裁申请的时间从材料补正之日起重新计算。</p>
<p>逾期未补正的，视为撤回仲裁申请。{% if unit.phone %}联系电话：{{ unit.phone }}。{% endif %}</p>""",
    ),
    "acceptance_notice": (
        "受理通知书",
        """<p class="noindent">{% for p in applicants %}{{ p.name }}{% if not forloop.last %}、{% endif %}{% endfor %}：</p>
<p>你（单位）与{% for p in respondents %}{{ p.name }}{% endfor %}因{{ case.cause }}发生的劳动人事争议仲裁申请，本院已于{{ case.received_on }}收到。经审查，符合受理条件，本院决定立案受理，案号为{{ number }}。</p>
<p>依照《中华人民共和国劳动争议调解仲裁法》第二十九条的规定，特此通知。请在收到本通知书之日起五日内提交授权委托书或者法定代表人身份证明书；当事人可在举证期限届满前增加或者变更仲裁请求。</p>
<p>当事人在仲裁活动中享有申请回避、提供证据、辩论、请求调解、申请撤回等权利，应当遵守仲裁秩序、如实陈述、按时参加庭审。</p>""",
    ),
    "non_acceptance_notice": (
        "不予受理通知书",
        """<p class="noindent">{% for p in applicants %}{{ p.name }}{% if not forloop.last %}、{% endif %}{% endfor %}：</p>
<p>你（单位）于{{ case.received_on }}提出的仲裁申请，经审查，{{ extra.reason|default:"不符合受理条件" }}根据《中华人民共和国劳动争议调解仲裁法》第二十九条的规定，本院决定不予受理。</p>
<p>你（单位）如对本决定不服，可以自收到本通知书之日起十五日内，就该劳动争议事项向人民法院提起诉讼。</p>""",
    ),
    "notice_to_respond": (
        "应诉（答辩）通知书",
        """<p class="noindent">{% for p in respondents %}{{ p.name }}{% if not forloop.last %}、{% endif %}{% endfor %}：</p>
<p>申请人{% for p in applicants %}{{ p.name }}{% endfor %}诉你（单位）{{ case.cause }}一案，本院已于{{ case.accepted_on }}立案受理。现将仲裁申请书副本送达你（单位），并通知如下：</p>
<p>一、你（单位）应当自收到仲裁申请书副本之日起十日内向本院提交答辩书及证据。逾期未提交答辩书的，不影响仲裁程序的进行。</p>
<p>二、你（单位）如提出反申请或者管辖异议，应当在答辩期内提出。</p>
<p>三、请在收到本通知书之日起五日内提交授权委托书或者法定代表人身份证明书。</p>""",
    ),
    "evidence_notice": (
        "举证通知书",
        """<p class="noindent">{{ recipients }}：</p>
<p>本院受理的{{ number }}{{ case.cause }}争议一案，依照《中华人民共和国劳动争议调解仲裁法》第六条、第三十九条的规定，现将举证事项通知如下：</p>
<p>一、当事人对自己提出的主张，有责任提供证据。与争议事项有关的证据属于用人单位掌握管理的，用人单位应当提供；用人单位不提供的，应当承担不利后果。</p>
<p>二、举证期限届满日为{{ extra.evidence_deadline|default:"本院指定之日" }}。当事人因客观原因不能自行收集的证据，可以申请本院调查收集。</p>
<p>三、当事人逾期提供证据的，应当说明理由；拒不说明理由或者理由不成立的，本院可以不予采纳或者采纳但予以训诫。</p>
<p>四、当事人增加、变更仲裁请求的，应当在举证期限届满前提出。</p>""".replace("{{ recipients }}", RECIPIENTS),
    ),
    "tribunal_notice": (
        "仲裁庭组成通知书",
        """<p class="noindent">{{ recipients }}：</p>
<p>本院受理的{{ number }}{{ case.cause }}争议一案，依照《中华人民共和国劳动争议调解仲裁法》第三十一条、第三十二条的规定，决定由{{ extra.arbitrators|default:"____" }}组成仲裁庭，书记员{{ extra.clerk|default:"____" }}。</p>
<p>当事人认为仲裁员有《中华人民共和国劳动争议调解仲裁法》第三十三条规定情形之一的，有权以口头或者书面方式提出回避申请，并说明理由。</p>""".replace(
            "{{ recipients }}", RECIPIENTS
        ),
    ),
    "hearing_notice": (
        "开庭通知书",
        """<p class="noindent">{{ recipients }}：</p>
<p>本院受理的{{ number }}{{ case.cause }}争议一案，定于<b>{{ extra.hearing_time|default:"____" }}</b>在<b>{{ extra.room|default:"____" }}</b>{% if unit.address %}（{{ unit.address }}）{% endif %}开庭审理。</p>
<p>请携带身份证明、授权委托书及证据原件准时到庭。申请人经书面通知，无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以按撤回仲裁申请处理；被申请人经书面通知，无正当理由拒不到庭或者未经仲裁庭同意中途退庭的，可以缺席裁决（《中华人民共和国劳动争议调解仲裁法》第三十六条）。</p>
<p>当事人有正当理由的，可以在开庭三日前请求延期开庭。{% if unit.phone %}联系电话：{{ unit.phone }}。{% endif %}</p>""".replace(
            "{{ recipients }}", RECIPIENTS
        ),
    ),
    "hearing_transcript": (
        "庭审笔录",
        """<table><tr><th>案号</th><td>{{ number }}</td><th>案由</th><td>{{ case.cause }}</td></tr>
<tr><th>开庭时间</th><td>{{ extra.hearing_time|default:"" }}</td><th>地点</th><td>{{ extra.room|default:"" }}</td></tr>
<tr><th>仲裁员</th><td>{{ extra.arbitrators|default:"" }}</td><th>书记员</th><td>{{ extra.clerk|default:"" }}</td></tr></table>
"""
        + PARTIES
        + """<div>{{ extra.transcript|default:""|linebreaks }}</div>
<p>以上笔录经当事人阅读（或向其宣读）无误。当事人认为记录有遗漏或者差错的，有权申请补正；不予补正的，记录该申请。</p>
<p class="noindent">仲裁员：　　　　　　书记员：　　　　　　当事人：</p>""",
    ),
    # 会审纪要 (副卷): what the joint review discussed and concluded. The review is advisory: the
    # tribunal decides the case (Law Art. 45, 主任 and 仲裁委员会 may discuss a major or difficult
    # case); the minority's opinions are recorded with their names, as in 合议笔录.
    "joint_review_minutes": (
        "疑难案件会审纪要",
        """<table><tr><th>案号</th><td>{{ number }}</td><th>案由</th><td>{{ case.cause }}</td></tr>
<tr><th>会审时间</th><td>{{ extra.meeting_time|default:"" }}</td><th>主持人</th><td>{{ extra.presided_by|default:"" }}</td></tr>
<tr><th>提请人</th><td>{{ extra.requested_by|default:"" }}</td><th>批准人</th><td>{{ extra.approved_by|default:"" }}</td></tr></table>
<p>本纪要属案件副卷材料，不对当事人公开，不作为送达文书。</p>
<h2>提请会审的理由</h2><div>{{ extra.reason|default:""|linebreaks }}</div>
<h2>参加会审人员</h2>
{% for p in extra.participants %}<p class="noindent">{{ forloop.counter }}. {{ p.name }}（{{ p.unit }}，{{ p.role }}）</p>{% endfor %}
<h2>会审问题及表决情况</h2>
{% for q in extra.questions %}<p class="noindent"><b>问题{{ forloop.counter }}：{{ q.text }}</b></p>
{% if q.proposal %}<p>拟处理意见：{{ q.proposal }}</p>{% endif %}
<p>表决情况：同意 {{ q.agree }} 票，不同意 {{ q.disagree }} 票，弃权 {{ q.abstain }} 票，未表决 {{ q.absent }} 人。</p>
<p>多数意见：{{ q.conclusion }}</p>
{% if q.dissent %}<p>少数意见：{% for d in q.dissent %}{{ d }}{% if not forloop.last %}；{% endif %}{% endfor %}。</p>{% else %}<p>少数意见：无。</p>{% endif %}
{% endfor %}
<h2>参加人员意见</h2>
{% for p in extra.participants %}<p>{{ p.name }}：{{ p.opinion|default:"未发表书面意见。" }}</p>{% endfor %}
<h2>会审结论</h2><div>{{ extra.conclusion|default:""|linebreaks }}</div>
<p>会审意见供仲裁庭评议时参考，案件由仲裁庭依法作出裁决。</p>
<p class="noindent">参加会审人员签名：</p>""",
    ),
    "mediation_statement": (
        "仲裁调解书",
        PARTIES
        + """<h2>仲裁请求</h2>"""
        + CLAIMS
        + """
<p>本案在仲裁庭主持下，双方当事人自愿达成如下协议：</p>
<div>{{ extra.agreement_text|default:""|linebreaks }}</div>
<p>本调解书经双方当事人签收后，即发生法律效力（《中华人民共和国劳动争议调解仲裁法》第四十二条）。</p>
<p class="noindent">仲裁员：{{ extra.arbitrators|default:"" }}　书记员：{{ extra.clerk|default:"" }}</p>""",
    ),
    "award_final": (
        "仲裁裁决书",
        PARTIES
        + """<h2>仲裁请求</h2>"""
        + CLAIMS
        + """
<h2>本院查明</h2><div>{{ extra.findings|default:""|linebreaks }}</div>
<h2>本院认为</h2><div>{{ extra.reasoning|default:""|linebreaks }}</div>
<h2>裁决如下</h2><div>{{ extra.award_text|default:""|linebreaks }}</div>
<p>本裁决为终局裁决，自作出之日起发生法律效力。</p>
<p>劳动者对本裁决不服的，可以自收到本裁决书之日起十五日内向人民法院提起诉讼。用人单位有证据证明本裁决有《中华人民共和国劳动争议调解仲裁法》第四十九条第一款规定情形之一的，可以自收到本裁决书之日起三十日内向{{ extra.intermediate_court|default:"仲裁委员会所在地的中级人民法院" }}申请撤销裁决。</p>
<p class="noindent">仲裁员：{{ extra.arbitrators|default:"" }}　书记员：{{ extra.clerk|default:"" }}</p>""",
    ),
    "award_non_final": (
        "仲裁裁决书",
        PARTIES
        + """<h2>仲裁请求</h2>"""
        + CLAIMS
        + """
<h2>本院查明</h2><div>{{ extra.findings|default:""|linebreaks }}</div>
<h2>本院认为</h2><div>{{ extra.reasoning|default:""|linebreaks }}</div>
<h2>裁决如下</h2><div>{{ extra.award_text|default:""|linebreaks }}</div>
<p>当事人对本裁决不服的，可以自收到本裁决书之日起十五日内向人民法院提起诉讼；期满不起诉的，本裁决书发生法律效力（《中华人民共和国劳动争议调解仲裁法》第五十条）。</p>
<p class="noindent">仲裁员：{{ extra.arbitrators|default:"" }}　书记员：{{ extra.clerk|default:"" }}</p>""",
    ),
    "withdrawal_decision": (
        "准予撤回仲裁申请决定书",
        PARTIES
        + """<p>申请人于{{ extra.withdrawn_on|default:today }}向本院提出撤回仲裁申请。经审查，申请人撤回仲裁申请系其真实意思表示，不违反法律规定，本院决定：</p>
<p>准许申请人撤回仲裁申请。本案终结。</p>""",
    ),
    "proof_of_service": (
        "送达回证",
        """<table>
<tr><th>案号</th><td>{{ number }}</td></tr>
<tr><th>送达文书</th><td>{{ extra.documents_served }}</td></tr>
<tr><th>受送达人</th><td>{{ extra.recipient }}</td></tr>
<tr><th>送达方式</th><td>{{ extra.method }}</td></tr>
<tr><th>送达地址</th><td>{{ extra.place }}</td></tr>
<tr><th>送达日期</th><td>{{ extra.served_at }}</td></tr>
<tr><th>签收情况</th><td>{{ extra.receipt|default:"" }}</td></tr>
<tr><th>文书哈希<br>（SHA-256）</th><td class="noindent">{{ extra.document_hash|group:8 }}</td></tr>
<tr><th>送达人</th><td>{{ extra.server }}</td></tr>
<tr><th>备注</th><td>{{ extra.notes|default:"" }}</td></tr>
</table>""",
    ),
    "power_of_attorney": (
        "授权委托书",
        """<p class="noindent">委托人：{{ extra.principal|default:"____" }}</p>
<p class="noindent">受托人：{{ extra.agent|default:"____" }}</p>
<p>现委托上列受托人在{{ number }}{{ case.cause }}争议一案中，作为我方的委托代理人。</p>
<p>代理权限：{{ extra.authority|default:"一般授权" }}（特别授权须写明：代为承认、放弃、变更仲裁请求，进行和解等）。</p>""",
    ),
    "mediation_agreement": (
        "调解协议书",
        PARTIES
        + """<p>争议事项：{{ case.cause }}。</p>"""
        + CLAIMS
        + """
<p>经调解，双方自愿达成如下协议：</p>
<div>{{ extra.agreement_text|default:""|linebreaks }}</div>
<p>本协议自双方当事人签名或者盖章、调解员签名并加盖调解组织印章之日起生效，对双方当事人具有约束力，当事人应当履行。双方可自协议生效之日起十五日内共同向仲裁委员会提出仲裁审查申请，或者自生效之日起三十日内共同向人民法院申请司法确认。</p>
<p class="noindent">当事人（签名）：　　　　　　调解员（签名）：{{ extra.mediator|default:"" }}</p>""",
    ),
}

# Blank forms are filled in by hand: labelled boxes (`table.form`) and full-width lines to
# write on (`p.line`), never labels and short underlines run together in a line, which wrap
# anywhere (a label split as "联/系电话").


def _lines(count: int) -> str:
    return '<p class="line"></p>' * count


BLANK_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "blank_application": (
        "劳动人事争议仲裁申请书（空白）",
        "填写申请人、被申请人的基本情况，逐项写明仲裁请求和金额，写清事实与理由；按被申请人人数提交副本。",
        f"""<table class="form">
<tr><th>申请人</th><td></td><th>性别</th><td></td></tr>
<tr><th>出生日期</th><td></td><th>联系电话</th><td></td></tr>
<tr><th>公民身份号码</th><td colspan="3"></td></tr>
<tr><th>住所</th><td colspan="3"></td></tr>
<tr><th>被申请人<br>（单位名称）</th><td colspan="3"></td></tr>
<tr><th>统一社会<br>信用代码</th><td colspan="3"></td></tr>
<tr><th>住所</th><td colspan="3"></td></tr>
<tr><th>法定代表人</th><td></td><th>联系电话</th><td></td></tr>
</table>
<h2>仲裁请求</h2><p class="line">1.</p>{_lines(1)}<p class="line">2.</p>{_lines(1)}<p class="line">3.</p>{_lines(1)}
<h2>事实与理由</h2>{_lines(6)}
<h2>证据和证据来源，证人姓名和住所</h2>{_lines(3)}
<p>此致</p><p class="noindent">劳动人事争议仲裁委员会</p>""",
    ),
    "blank_defence": (
        "答辩书（空白）",
        "被申请人自收到仲裁申请书副本之日起十日内提交；针对每项请求逐一答辩并附证据清单。",
        f"""<table class="form">
<tr><th>答辩人</th><td colspan="3"></td></tr>
<tr><th>住所</th><td colspan="3"></td></tr>
<tr><th>法定代表人<br>（负责人）</th><td></td><th>职务</th><td></td></tr>
<tr><th>联系电话</th><td></td><th>案号</th><td></td></tr>
</table>
<p>答辩人就申请人提出的仲裁申请，答辩如下：</p>{_lines(9)}
<p>此致</p><p class="noindent">劳动人事争议仲裁委员会</p>""",
    ),
    "blank_power_of_attorney": (
        "授权委托书（空白）",
        "写明委托人、受托人和代理权限；代为承认、放弃、变更仲裁请求或者进行和解的，须写明特别授权。",
        f"""<table class="form">
<tr><th>委托人</th><td colspan="3"></td></tr>
<tr><th>受托人</th><td></td><th>联系电话</th><td></td></tr>
<tr><th>工作单位或<br>与委托人关系</th><td colspan="3"></td></tr>
<tr><th>案号</th><td colspan="3"></td></tr>
</table>
<p>现委托上列受托人在上列案件中，作为我方的委托代理人。</p>
<p>代理权限：□ 一般授权　□ 特别授权（代为承认、放弃、变更仲裁请求，进行和解，代为签收法律文书）</p>
<p>特别授权的具体事项：</p>{_lines(3)}""",
    ),
    "blank_evidence_list": (
        "证据清单（空白）",
        "逐项列明证据名称、来源、页数、原件或复印件，以及证明目的。",
        """<table><tr><th>序号</th><th>证据名称</th><th>来源</th><th>页数</th><th>原件/复印件</th><th>证明目的</th></tr>"""
        + "".join(f"<tr><td>{i}</td><td></td><td></td><td></td><td></td><td></td></tr>" for i in range(1, 11))
        + "</table>",
    ),
    "blank_identity_statement": (
        "法定代表人身份证明书（空白）",
        "用人单位出具，写明法定代表人（主要负责人）姓名和职务，并加盖单位公章。",
        """<table class="form">
<tr><th>单位名称</th><td colspan="3"></td></tr>
<tr><th>统一社会<br>信用代码</th><td colspan="3"></td></tr>
<tr><th>姓名</th><td></td><th>职务</th><td></td></tr>
</table>
<p>上列人员系我单位的法定代表人（主要负责人）。</p>
<p>特此证明。</p>
<p class="noindent">附：法定代表人身份证复印件</p>""",
    ),
}
