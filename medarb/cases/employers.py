"""What kind of employer a respondent organisation is: its industry and its type of ownership,
recorded at filing so that intake can be counted by them (the commission's statistical tables)
and wage arrears in construction watched (保障农民工工资支付条例).

`Industry` is the 20 sections (门类) of GB/T 4754-2017 国民经济行业分类; `EmployerType` the
kinds of unit the labour-dispute statistical tables count by.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    AGRICULTURE = "A", _("农、林、牧、渔业")
    MINING = "B", _("采矿业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    TRADE = "F", _("批发和零售业")
    TRANSPORT = "G", _("交通运输、仓储和邮政业")
    HOSPITALITY = "H", _("住宿和餐饮业")
    INFORMATION = "I", _("信息传输、软件和信息技术服务业")
    FINANCE = "J", _("金融业")
    REAL_ESTATE = "K", _("房地产业")
    BUSINESS_SERVICES = "L", _("租赁和商务服务业")
    RESEARCH = "M", _("科学研究和技术服务业")
    ENVIRONMENT = "N", _("水利、环境和公共设施管理业")
    HOUSEHOLD_SERVICES = "O", _("居民服务、修理和其他服务业")
    EDUCATION = "P", _("教育")
    HEALTH = "Q", _("卫生和社会工作")
    CULTURE = "R", _("文化、体育和娱乐业")
    PUBLIC_ADMINISTRATION = "S", _("公共管理、社会保障和社会组织")
    INTERNATIONAL = "T", _("国际组织")


class EmployerType(models.TextChoices):
    STATE_OWNED = "state_owned", _("国有企业")
    COLLECTIVE = "collective", _("集体企业")
    PRIVATE = "private", _("私营企业")
    HK_MACAO_TAIWAN = "hk_macao_taiwan", _("港澳台商投资企业")
    FOREIGN = "foreign", _("外商投资企业")
    INDIVIDUAL = "individual", _("个体经济组织")
    GOVERNMENT = "government", _("国家机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    OTHER = "other", _("其他")


NOT_RECORDED = "none"  # the case list's filter value for cases whose respondents have none recorded
