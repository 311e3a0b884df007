"""Papers laid out afresh (issue 11): blank forms as labelled boxes and writing lines (the old
application form printed "联/系电话"), the proof of service's SHA-256 in groups, the facts of
an application a paragraph per line.

A platform template nobody has edited (its active platform version is still the first default,
recognised by its SHA-256) gets a new platform version with the new wording; edited templates
and every unit's own versions are left alone. The PDF/DOCX kept for each blank-form version is
forgotten, so the next download is made with the current page layout (the stored files stay).
Issued papers keep the version they were made from.
"""

import hashlib

from django.db import migrations

FIRST_DEFAULTS = {
    "application": "ec024a94abdd9e87bd16b6e108e79d8ebbb762d1149a75ac968c82f96fac5de6",
    "proof_of_service": "bb156a76401b9526b24aec29f8f638f044ebd464c7c44c3e599c88af13e5281b",
    "blank_application": "6d52137f3de6fa14ebab7e2bc94dc61cf8d019017cf94b7d22baaf8374da40cd",
    "blank_defence": "36a32243bd23b4b72fe1930b5c6db61b54846cee95d35d8e2801877fbf06b176",
    "blank_power_of_attorney": "242a1260d98b9757aba71f8ddcf50605f071aa01ac22d29503e4fcdacbf02870",
    "blank_identity_statement": "c621a6ac7fd3928c651639f40892fb3a1ae2cb28c3b9b865339bd270095c2f60",
}

NEW_BODIES = {
    "application": '{% for p in applicants %}<p class="noindent">申请人：{{ p.name }}{% if p.gender %}，{{ p.gender }}{% endif %}{% if p.birth_date %}，{{ p.birth_date }}出生{% endif %}{% if p.occupation %}，{{ p.occupation }}{% endif %}{% if p.address %}，住所：{{ p.address }}{% endif %}{% if p.legal_representative %}，法定代表人：{{ p.legal_representative }}{% endif %}。</p>{% endfor %}\n{% for p in respondents %}<p class="noindent">被申请人：{{ p.name }}{% if p.address %}，住所：{{ p.address }}{% endif %}{% if p.legal_representative %}，法定代表人：{{ p.legal_representative }}{% endif %}。</p>{% endfor %}\n{% for p in third_parties %}<p class="noindent">第三人：{{ p.name }}{% if p.address %}，住所：{{ p.address }}{% endif %}。</p>{% endfor %}\n{% for a in agents %}<p class="noindent">委托代理人：{{ a.name }}（{{ a.principal }}的代理人）。</p>{% endfor %}\n<h2>仲裁请求</h2>{% for c in claims %}<p>{{ forloop.counter }}. {{ c.description }}{% if c.amount %}，金额 {{ c.amount }} 元（{{ c.amount_capitals }}）{% endif %}；</p>{% endfor %}\n{% if case.claimed_total != "0.00" %}<p>以上请求金额合计 {{ case.claimed_total }} 元（{{ case.claimed_total_capitals }}）。</p>{% endif %}\n<h2>事实与理由</h2><div>{{ case.facts|linebreaks }}</div>\n<p>此致</p><p class="noindent">{{ unit.name }}</p>\n<p>附：本申请书副本 {{ respondents|length }} 份；证据清单。</p>',
    "proof_of_service": '<table>\n<tr><th>案号</th><td>{{ number }}</td></tr>\n<tr><th>送达文书</th><td>{{ extra.documents_served }}</td></tr>\n<tr><th>受送达人</th><td>{{ extra.recipient }}</td></tr>\n<tr><th>送达方式</th><td>{{ extra.method }}</td></tr>\n<tr><th>送达地址</th><td>{{ extra.place }}</td></tr>\n<tr><th>送达日期</th><td>{{ extra.served_at }}</td></tr>\n<tr><th>签收情况</th><td>{{ extra.receipt|default:"" }}</td></tr>\n<tr><th>文书哈希<br>（SHA-256）</th><td class="noindent">{{ extra.document_hash|group:8 }}</td></tr>\n<tr><th>送达人</th><td>{{ extra.server }}</td></tr>\n<tr><th>备注</th><td>{{ extra.notes|default:"" }}</td></tr>\n</table>',
    "blank_application": '<table class="form">\n<tr><th>申请人</th><td></td><th>性别</th><td></td></tr>\n<tr><th>出生日期</th><td></td><th>联系电话</th><td></td></tr>\n<tr><th>公民身份号码</th><td colspan="3"></td></tr>\n<tr><th>住所</th><td colspan="3"></td></tr>\n<tr><th>被申请人<br>（单位名称）</th><td colspan="3"></td></tr>\n<tr><th>统一社会<br>信用代码</th><td colspan="3"></td></tr>\n<tr><th>住所</th><td colspan="3"></td></tr>\n<tr><th>法定代表人</th><td></td><th>联系电话</th><td></td></tr>\n</table>\n<h2>仲裁请求</h2><p class="line">1.</p><p class="line"></p><p class="line">2.</p><p class="line"></p><p class="line">3.</p><p class="line"></p>\n<h2>事实与理由</h2><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p>\n<h2>证据和证据来源，证人姓名和住所</h2><p class="line"></p><p class="line"></p><p class="line"></p>\n<p>此致</p><p class="noindent">劳动人事争议仲裁委员会</p>',
    "blank_defence": '<table class="form">\n<tr><th>答辩人</th><td colspan="3"></td></tr>\n<tr><th>住所</th><td colspan="3"></td></tr>\n<tr><th>法定代表人<br>（负责人）</th><td></td><th>职务</th><td></td></tr>\n<tr><th>联系电话</th><td></td><th>案号</th><td></td></tr>\n</table>\n<p>答辩人就申请人提出的仲裁申请，答辩如下：</p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p><p class="line"></p>\n<p>此致</p><p class="noindent">劳动人事争议仲裁委员会</p>',
    "blank_power_of_attorney": '<table class="form">\n<tr><th>委托人</th><td colspan="3"></td></tr>\n<tr><th>受托人</th><td></td><th>联系电话</th><td></td></tr>\n<tr><th>工作单位或<br>与委托人关系</th><td colspan="3"></td></tr>\n<tr><th>案号</th><td colspan="3"></td></tr>\n</table>\n<p>现委托上列受托人在上列案件中，作为我方的委托代理人。</p>\n<p>代理权限：□ 一般授权\u3000□ 特别授权（代为承认、放弃、变更仲裁请求，进行和解，代为签收法律文书）</p>\n<p>特别授权的具体事项：</p><p class="line"></p><p class="line"></p><p class="line"></p>',
    "blank_identity_statement": '<table class="form">\n<tr><th>单位名称</th><td colspan="3"></td></tr>\n<tr><th>统一社会<br>信用代码</th><td colspan="3"></td></tr>\n<tr><th>姓名</th><td></td><th>职务</th><td></td></tr>\n</table>\n<p>上列人员系我单位的法定代表人（主要负责人）。</p>\n<p>特此证明。</p>\n<p class="noindent">附：法定代表人身份证复印件</p>',
}


def lay_out_afresh(apps, schema_editor):
    TemplateVersion = apps.get_model("documents", "TemplateVersion")
    for code, digest in FIRST_DEFAULTS.items():
        versions = TemplateVersion.objects.filter(template__code=code)
        active = versions.filter(unit__isnull=True, is_active=True).order_by("-number").first()
        if active is None or hashlib.sha256(active.body.encode()).hexdigest() != digest:
            continue
        active.is_active = False
        active.save(update_fields=["is_active"])
        number = max(v.number for v in versions) + 1
        TemplateVersion.objects.create(
            template_id=active.template_id,
            unit=None,
            number=number,
            body=NEW_BODIES[code],
            note="版式修正：表格与书写线、哈希分组、逐行分段",
        )
    TemplateVersion.objects.filter(template__kind="blank").update(blank_pdf=None, blank_docx=None)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0003_hand_signature_names_the_signer_and_the_collector"),
    ]

    operations = [
        migrations.RunPython(lay_out_afresh, migrations.RunPython.noop),
    ]
