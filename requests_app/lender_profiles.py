"""The seed lender profiles: starting values that administrators correct in the admin.

Facts come from the project's research (secondary sources unless marked official); each fact carries its
source, a confidence and its own checked date: the newest full date its source gives (never a later one;
none when the source is undated). `load_lender_profiles` creates the profiles
that are missing and never overwrites what an administrator has edited.
"""

from datetime import date
from decimal import Decimal

CHECKED = date(2026, 11, 25)

COMPLAINTS_ZH = (
    "先向贷款机构本身投诉并索要投诉编号；仍无结果时：12378（国家金融监督管理总局消费者投诉热线，"
    "约15个工作日内答复）；征信问题可打12363（中国人民银行）；也可在黑猫投诉平台公开投诉。"
)
COMPLAINTS_EN = (
    "Complain to the lender first and ask for a complaint number; if that fails: 12378 (the National "
    "Financial Regulatory Administration's consumer line, replies in about 15 working days); 12363 "
    "(People's Bank of China) for credit-report problems; or the public Black Cat complaint platform."
)
CARD_COMPLAINTS_ZH = (
    COMPLAINTS_ZH
    + "信用卡催收不得使用暴力、威胁、侮辱或骚扰无关第三人（《商业银行信用卡业务监督管理办法》第68条）。"
)
CARD_COMPLAINTS_EN = COMPLAINTS_EN + (
    " Card collectors may not use violence, threats or insults, or contact unrelated third parties "
    "(Credit Card Measures, art. 68)."
)

ALIPAY_APP_STEPS_ZH = (
    "打开支付宝\n点底部的“我的”\n进入“客服中心”（有的版本叫“帮助中心”或“我的客服”）\n"
    "在搜索框输入“延期还款”，按提示操作，或发起在线咨询\n需要人工时输入“转人工”"
)
ALIPAY_APP_STEPS_EN = (
    'Open Alipay\nTap "Me" (我的) at the bottom\nOpen "Customer Service Center" (客服中心; some '
    "versions say 帮助中心 or 我的客服)\nSearch for 延期还款 (deferred repayment) and follow the answers, "
    "or start an online consultation\nType 转人工 to ask for a human agent"
)
SOCIAL_STEPS_ZH = "在微博或微信公众号找到官方账号\n私信说明情况，不要在公开评论里写姓名、账号或金额\n记下回复时间和对方给出的处理方式"
SOCIAL_STEPS_EN = (
    "Find the official account on Weibo or WeChat\nSend a private message; never put your name, account "
    "or amounts in a public comment\nNote when they reply and what they suggest"
)
ALIPAY_SOURCE = (
    "help.alipay.com as quoted in a compiled contact list; xiaoyuxitong.com 2025; jiankang123.net 2025-10"
)
CONSEQUENCES_ZH = "逾期会产生逾期费用，让欠款越滚越多；会影响征信记录，以后办贷款、信用卡都会受影响；长期逾期还可能被限制或冻结账户。"
CONSEQUENCES_EN = (
    "Overdue charges make the debt grow; the credit record is damaged, which affects future loans and "
    "cards; long overdue can restrict or freeze the account."
)

# Named sources (research/domain_facts.md §2.4 and §3); the dates are the pages' own, never later.
JIEBEI_RATE_SOURCE = (
    "finance.gucheng.com 2022-08; 11.t2y.org; robinawilliams.com; gongchengliangzi.com 2025-09-06 "
    "(secondary, several agree)"
)
CARD_GRACE_SOURCE = (
    "xyk.51emo.com 2023-07-05; m.vdgb.cn 2022-04-27; soudai8.com; f8195.cn (secondary, several agree)"
)
WEILIDAI_SOURCE = "house.jxyuging.com 2023-04-07; yajsn.cn; sysxhz.com"

LENDERS = [
    {
        "slug": "huabei",
        "name_zh": "花呗",
        "name_en": "Huabei",
        "provider_zh": "重庆蚂蚁消费金融有限公司（支付宝）",
        "provider_en": "Chongqing Ant Consumer Finance (Alipay)",
        "kind": "bnpl",
        "daily_overdue_rate": Decimal("0.000500"),
        "overdue_rate_note_zh": "逾期部分每天约万分之五（0.05%），从还款日次日起算。",
        "overdue_rate_note_en": "About 0.05% a day on the overdue amount, from the day after the due date.",
        "overdue_rate_source": "gu12345.com; m.51credit.com; chawanghei.com 2025-10-06 (secondary, several agree)",
        "overdue_rate_confidence": "reported",
        "overdue_rate_checked": date(2025, 10, 6),
        "grace_days": 3,
        "grace_note_zh": "多家来源说有3天宽限期，也有来源说没有。以花呗页面显示为准，不要依赖宽限期。",
        "grace_note_en": (
            "Several sources say 3 days of grace, one says none. Go by what the Huabei page shows; do not rely on it."
        ),
        "grace_source": "gucheng.com 2022-03 and 2022-06 (3 days); openvsm.com 2022-03-25 (none)",
        "grace_confidence": "conflicting",
        # The newest full date the sources give (gucheng.com's 2022-06 page gives a month only).
        "grace_checked": date(2022, 3, 25),
        "max_deferral_days": 30,
        "max_installment_months": 12,
        "limits_note_zh": (
            "有延期还款功能的用户可在账单日到还款日自动扣款前申请，把本月账单全部或部分延到下个月，需付手续费；"
            "已延期的账单不能再延期、分期或最低还款。账单分期可选3/6/9/12期。"
        ),
        "limits_note_en": (
            "Users who have the deferral feature can, between the statement date and the auto-debit, move all "
            "or part of this month's bill to next month for a fee; a deferred bill cannot be deferred again, "
            "split or paid by minimum repayment. Bill installments: 3, 6, 9 or 12 periods."
        ),
        "limits_source": "easyfang.com 2024-02-21; weilaishidai.com (secondary, two agree)",
        "limits_confidence": "reported",
        "limits_checked": date(2024, 2, 21),
        "channels": [
            {
                "kind": "chat",
                "name_zh": "支付宝在线客服",
                "name_en": "Alipay in-app service",
                "contact": "支付宝 App",
                "steps_zh": ALIPAY_APP_STEPS_ZH,
                "steps_en": ALIPAY_APP_STEPS_EN,
                "hours_zh": "全天",
                "hours_en": "Any time",
                "source": "jiankang123.net 2025-10; ksepay.com; dlllqs.com (menu names vary by version)",
                "confidence": "reported",
            },
            {
                "kind": "phone",
                "name_zh": "支付宝客服热线",
                "name_en": "Alipay hotline",
                "contact": "95188",
                "steps_zh": "拨打95188（境外拨 +86 571 95188）\n按语音提示选择花呗/借呗（按2）\n接通人工客服后说明来意",
                "steps_en": (
                    "Call 95188 (from abroad +86 571 95188)\nFollow the voice menu to Huabei/Jiebei (press 2)\n"
                    "When a person answers, say why you are calling"
                ),
                "hours_zh": "每天 8:00–24:00（有来源称7×24小时）",
                "hours_en": "8:00–24:00 daily (some sources say 24/7)",
                "source": ALIPAY_SOURCE,
                "confidence": "reported",
            },
            {
                "kind": "social",
                "name_zh": "花呗官方微博 / 支付宝微信公众号",
                "name_en": "Official Weibo / WeChat accounts",
                "contact": "",
                "steps_zh": SOCIAL_STEPS_ZH,
                "steps_en": SOCIAL_STEPS_EN,
                "hours_zh": "回复较慢",
                "hours_en": "Replies are slow",
                "source": "",
                "confidence": "unverified",
            },
        ],
    },
    {
        "slug": "jiebei",
        "name_zh": "借呗",
        "name_en": "Jiebei",
        "provider_zh": "重庆蚂蚁消费金融有限公司（支付宝）",
        "provider_en": "Chongqing Ant Consumer Finance (Alipay)",
        "kind": "consumer_loan",
        "daily_overdue_rate": None,
        "overdue_rate_note_zh": "逾期罚息为正常日利率的1.5倍，具体以借款合同为准。",
        "overdue_rate_note_en": "Overdue interest is 1.5 times the normal daily rate; see your loan contract.",
        "overdue_rate_source": JIEBEI_RATE_SOURCE,
        "overdue_rate_confidence": "reported",
        "overdue_rate_checked": date(2025, 9, 6),
        "grace_days": 0,
        "grace_note_zh": "没有宽限期，逾期会上报征信并限制功能。",
        "grace_note_en": "No grace period; overdue is reported to the credit reference centre and functions are restricted.",
        # One page among those read says so, and which one was not recorded: unverified, no source.
        "grace_source": "",
        "grace_confidence": "unverified",
        "max_deferral_days": None,
        "max_installment_months": 12,
        "limits_note_zh": "App内一般不能直接申请延期，需要联系客服协商；各来源说法不一。",
        "limits_note_en": "Deferral is generally not offered in the app; negotiate with customer service. Sources conflict.",
        "limits_source": "",
        "limits_confidence": "conflicting",
        "channels": [
            {
                "kind": "chat",
                "name_zh": "支付宝在线客服",
                "name_en": "Alipay in-app service",
                "contact": "支付宝 App",
                "steps_zh": ALIPAY_APP_STEPS_ZH.replace("延期还款", "借呗 延期还款"),
                "steps_en": ALIPAY_APP_STEPS_EN,
                "hours_zh": "全天",
                "hours_en": "Any time",
                "source": "dlllqs.com (转人工 in 我的客服); jiankang123.net 2025-10",
                "confidence": "reported",
            },
            {
                "kind": "phone",
                "name_zh": "支付宝客服热线",
                "name_en": "Alipay hotline",
                "contact": "95188",
                "steps_zh": "拨打95188\n按语音提示选择花呗/借呗（按2）\n接通人工客服后说明来意",
                "steps_en": "Call 95188\nFollow the voice menu to Huabei/Jiebei (press 2)\nWhen a person answers, say why you are calling",
                "hours_zh": "每天 8:00–24:00",
                "hours_en": "8:00–24:00 daily",
                "source": ALIPAY_SOURCE,
                "confidence": "reported",
            },
        ],
    },
    {
        "slug": "credit-card",
        "name_zh": "银行信用卡（通用）",
        "name_en": "Bank credit card (any bank)",
        "provider_zh": "发卡银行",
        "provider_en": "The issuing bank",
        "kind": "credit_card",
        "daily_overdue_rate": None,
        "overdue_rate_note_zh": "2021年起透支利率由各银行自定（原先日息万分之五的上限已取消）；违约金按合同，常见为最低还款未还部分的5%。",
        "overdue_rate_note_en": (
            "Since 2021 each bank sets its own overdraft rate (the old 0.05%/day cap was removed); late fees "
            "follow the contract, often 5% of the unpaid minimum."
        ),
        "overdue_rate_source": "人民日报 2021-02-01",
        "overdue_rate_confidence": "reported",
        "overdue_rate_checked": date(2021, 2, 1),
        "grace_days": 3,
        "grace_note_zh": "多数银行3天（建行、中信、光大、交行），农行2天，工行没有；有的按时点算（中信20:00前）。",
        "grace_note_en": "Most banks 3 days (CCB, CITIC, CEB, BoCom), ABC 2, ICBC none; some count hours (CITIC by 20:00).",
        "grace_source": CARD_GRACE_SOURCE,
        "grace_confidence": "reported",
        "grace_checked": date(2023, 7, 5),
        "max_deferral_days": None,
        "max_installment_months": 60,
        "limits_note_zh": (
            "《商业银行信用卡业务监督管理办法》第70条：欠款超出还款能力且仍有还款意愿的，可与银行协商个性化分期，"
            "最长5年（60期）；银行可以同意，但没有义务。签订协议后停止催收。停息需要协商，并非法定权利。"
        ),
        "limits_note_en": (
            "Article 70 of the Credit Card Measures: a cardholder who cannot repay but intends to may agree a "
            "personalised installment plan of up to 5 years (60 periods); the bank may agree but is not obliged. "
            "Collection stops once it is signed. Stopping interest is negotiated, not a right."
        ),
        "limits_source": "商业银行信用卡业务监督管理办法 第七十条 (regulation text)",
        "limits_confidence": "official",
        # The Measures' own date (in force 2011-01-13).
        "limits_checked": date(2011, 1, 13),
        "complaints_card": True,
        "channels": [
            {
                "kind": "phone",
                "name_zh": "信用卡中心客服热线",
                "name_en": "Card centre hotline",
                "contact": "",
                "steps_zh": (
                    "拨打卡背面的客服电话（例如建行400-820-0588，交行400-800-9888，浦发400-820-8788）\n"
                    "按语音提示转人工\n说明想申请个性化分期或延期还款"
                ),
                "steps_en": (
                    "Call the number on the back of your card (e.g. CCB 400-820-0588, BoCom 400-800-9888, "
                    "SPDB 400-820-8788)\nAsk the voice menu for a person\nSay you want a personalised "
                    "installment plan or a deferral"
                ),
                "hours_zh": "多数银行7×24小时",
                "hours_en": "Most banks 24/7",
                "source": "the banks' pages as quoted in a compiled list (CCB 2023; BoCom page footer; SPDB)",
                "confidence": "reported",
            },
            {
                "kind": "chat",
                "name_zh": "银行App在线客服",
                "name_en": "Bank app chat",
                "contact": "",
                "steps_zh": "打开发卡银行的App或信用卡App\n进入“客服”或“在线客服”\n输入“个性化分期”或“协商还款”，按提示转人工",
                "steps_en": (
                    "Open your bank's or card's app\nOpen \"Customer service\"\nType 个性化分期 (personalised "
                    "installments) or 协商还款 and ask for a person"
                ),
                "hours_zh": "",
                "hours_en": "",
                "source": "",
                "confidence": "unverified",
            },
        ],
    },
    {
        "slug": "weilidai",
        "name_zh": "微粒贷",
        "name_en": "WeBank Weilidai",
        "provider_zh": "微众银行",
        "provider_en": "WeBank",
        "kind": "consumer_loan",
        "daily_overdue_rate": None,
        "overdue_rate_note_zh": "罚息 = 逾期本金 × 日利率 × 50% × 逾期天数，另计正常利息。",
        "overdue_rate_note_en": "Penalty = overdue principal × daily rate × 50% × days, on top of the interest.",
        "overdue_rate_source": WEILIDAI_SOURCE,
        "overdue_rate_confidence": "reported",
        "overdue_rate_checked": date(2023, 4, 7),
        "grace_days": 1,
        "grace_note_zh": "还款日次日24:00前还上一般不算逾期；也有来源说3天。",
        "grace_note_en": "Paying by 24:00 the day after the due date is usually not overdue; one source says 3 days.",
        "grace_source": WEILIDAI_SOURCE,
        "grace_confidence": "conflicting",
        "grace_checked": date(2023, 4, 7),
        "max_deferral_days": None,
        "max_installment_months": 20,
        "limits_note_zh": "微粒贷没有独立App，自称“微粒贷App”的都是假的。",
        "limits_note_en": "Weilidai has no app of its own; anything called a Weilidai app is fake.",
        "limits_source": "xincainet.com 2026-01-21",
        "limits_confidence": "reported",
        "limits_checked": date(2026, 1, 21),
        "channels": [
            {
                "kind": "phone",
                "name_zh": "微众银行客服热线",
                "name_en": "WeBank hotline",
                "contact": "95384",
                "steps_zh": "拨打95384\n按语音提示转人工\n说明想协商延期或分期还款",
                "steps_en": "Call 95384\nAsk the voice menu for a person\nSay you want to discuss a deferral or installments",
                "hours_zh": "7×24小时，人工 7:00–24:00",
                "hours_en": "24/7, people 7:00–24:00",
                "source": "xincainet.com 2026-01-21; compiled list citing webank.com/news/zygg/2801",
                "confidence": "reported",
            },
            {
                "kind": "chat",
                "name_zh": "微信公众号“微粒贷”",
                "name_en": "WeChat official account 微粒贷",
                "contact": "微信",
                "steps_zh": "在微信搜索并进入公众号“微粒贷”\n点“更多”→“微粒贷客服”→“帮助中心”\n发起在线咨询",
                "steps_en": "In WeChat open the official account 微粒贷\nTap 更多 → 微粒贷客服 → 帮助中心\nStart an online chat",
                "hours_zh": "",
                "hours_en": "",
                "source": "xincainet.com 2026-01-21",
                "confidence": "reported",
            },
        ],
    },
    {
        "slug": "jd-baitiao",
        "name_zh": "京东白条 / 金条",
        "name_en": "JD Baitiao / Jintiao",
        "provider_zh": "京东金融",
        "provider_en": "JD Finance",
        "kind": "bnpl",
        "daily_overdue_rate": None,
        "overdue_rate_source": "",
        "grace_days": None,
        "grace_source": "",
        "max_deferral_days": None,
        "max_installment_months": None,
        "limits_source": "",
        "channels": [
            {
                "kind": "phone",
                "name_zh": "京东金融客服热线",
                "name_en": "JD Finance hotline",
                "contact": "95118",
                "steps_zh": "拨打95118\n按语音提示转人工\n说明想协商延期还款，并索要工单编号",
                "steps_en": "Call 95118\nAsk the voice menu for a person\nAsk to discuss a deferral and ask for a ticket number",
                "hours_zh": "",
                "hours_en": "",
                "source": "complaint guides (xiaoduoai.com, sqjnqi.com); other numbers seen belong to the JD shop",
                "confidence": "conflicting",
            },
            {
                "kind": "chat",
                "name_zh": "京东金融App在线客服",
                "name_en": "JD Finance app chat",
                "contact": "京东金融 App",
                "steps_zh": "打开京东金融App\n进入“我的”→“客服”\n输入“延期还款”，按提示转人工",
                "steps_en": "Open the JD Finance app\nGo to Me → Customer service\nType 延期还款 and ask for a person",
                "hours_zh": "",
                "hours_en": "",
                "source": "",
                "confidence": "unverified",
            },
        ],
    },
    {
        "slug": "duxiaoman",
        "name_zh": "度小满（有钱花）",
        "name_en": "Du Xiaoman (Youqianhua)",
        "provider_zh": "度小满金融",
        "provider_en": "Du Xiaoman Financial",
        "kind": "consumer_loan",
        "daily_overdue_rate": None,
        "overdue_rate_source": "",
        "grace_days": None,
        "grace_source": "",
        "max_deferral_days": None,
        "max_installment_months": None,
        "limits_source": "",
        "channels": [
            {
                "kind": "phone",
                "name_zh": "度小满客服热线",
                "name_en": "Du Xiaoman hotline",
                "contact": "95055",
                "steps_zh": "拨打客服热线（号码请在度小满App“我的”→“客服”里核对）\n按语音提示转人工",
                "steps_en": "Call the hotline (check the number in the app under Me → Customer service)\nAsk for a person",
                "hours_zh": "",
                "hours_en": "",
                "source": "",
                "confidence": "unverified",
            },
            {
                "kind": "chat",
                "name_zh": "度小满App在线客服",
                "name_en": "Du Xiaoman app chat",
                "contact": "度小满金融 App",
                "steps_zh": "打开度小满金融App\n进入“我的”→“客服”\n输入“延期还款”，按提示转人工",
                "steps_en": "Open the Du Xiaoman app\nGo to Me → Customer service\nType 延期还款 and ask for a person",
                "hours_zh": "",
                "hours_en": "",
                "source": "",
                "confidence": "unverified",
            },
        ],
    },
    {
        "slug": "mybank",
        "name_zh": "网商贷",
        "name_en": "MYbank loan",
        "provider_zh": "网商银行",
        "provider_en": "MYbank",
        "kind": "consumer_loan",
        "daily_overdue_rate": None,
        "overdue_rate_source": "",
        "grace_days": None,
        "grace_source": "",
        "max_deferral_days": None,
        "max_installment_months": None,
        "limits_source": "",
        "channels": [
            {
                "kind": "chat",
                "name_zh": "网商银行App / 支付宝在线客服",
                "name_en": "MYbank app / Alipay chat",
                "contact": "",
                "steps_zh": "打开网商银行App（或在支付宝搜索“网商贷”）\n进入客服\n输入“延期还款”，按提示转人工",
                "steps_en": "Open the MYbank app (or search 网商贷 in Alipay)\nOpen customer service\nType 延期还款 and ask for a person",
                "hours_zh": "",
                "hours_en": "",
                "source": "",
                "confidence": "unverified",
            },
        ],
    },
    {
        "slug": "alipay-beiyongjin",
        "name_zh": "支付宝备用金",
        "name_en": "Alipay Beiyongjin",
        "provider_zh": "支付宝",
        "provider_en": "Alipay",
        "kind": "consumer_loan",
        "daily_overdue_rate": None,
        "overdue_rate_source": "",
        "grace_days": None,
        "grace_source": "",
        "max_deferral_days": None,
        "max_installment_months": None,
        "limits_source": "",
        "channels": [
            {
                "kind": "chat",
                "name_zh": "支付宝在线客服",
                "name_en": "Alipay in-app service",
                "contact": "支付宝 App",
                "steps_zh": ALIPAY_APP_STEPS_ZH.replace("延期还款", "备用金 延期还款"),
                "steps_en": ALIPAY_APP_STEPS_EN,
                "hours_zh": "全天",
                "hours_en": "Any time",
                "source": "jiankang123.net 2025-10",
                "confidence": "reported",
            },
            {
                "kind": "phone",
                "name_zh": "支付宝客服热线",
                "name_en": "Alipay hotline",
                "contact": "95188",
                "steps_zh": "拨打95188\n按语音提示转人工\n说明是备用金还款问题",
                "steps_en": "Call 95188\nAsk the voice menu for a person\nSay it is about Beiyongjin repayment",
                "hours_zh": "每天 8:00–24:00",
                "hours_en": "8:00–24:00 daily",
                "source": ALIPAY_SOURCE,
                "confidence": "reported",
            },
        ],
    },
    {
        "slug": "xiaomi",
        "name_zh": "小米贷款（天星金融）",
        "name_en": "Xiaomi loan (Tianxing Finance)",
        "provider_zh": "天星金融",
        "provider_en": "Tianxing Finance",
        "kind": "consumer_loan",
        "daily_overdue_rate": None,
        "overdue_rate_source": "",
        "grace_days": None,
        "grace_source": "",
        "max_deferral_days": None,
        "max_installment_months": None,
        "limits_source": "",
        "channels": [
            {
                "kind": "phone",
                "name_zh": "天星金融客服热线",
                "name_en": "Tianxing Finance hotline",
                "contact": "400-100-3399",
                "steps_zh": "拨打客服热线（号码请在App内核对）\n按语音提示转人工",
                "steps_en": "Call the hotline (check the number in the app)\nAsk for a person",
                "hours_zh": "9:00–18:00",
                "hours_en": "9:00–18:00",
                "source": "",
                "confidence": "unverified",
            },
        ],
    },
    {
        "slug": "hebei-bank",
        "name_zh": "河北银行信用贷款",
        "name_en": "Hebei Bank credit loan",
        "provider_zh": "河北银行",
        "provider_en": "Bank of Hebei",
        "kind": "bank_loan",
        "daily_overdue_rate": None,
        "overdue_rate_source": "",
        "grace_days": 3,
        "grace_note_zh": "未还金额在100元以内视为已还（容差），经96368申请最多3天容时。",
        "grace_note_en": "Up to ¥100 unpaid counts as paid; up to 3 days' tolerance on application via 96368.",
        "grace_source": "长城网 2013-02-28",
        "grace_confidence": "reported",
        "grace_checked": date(2013, 2, 28),
        "max_deferral_days": None,
        "max_installment_months": None,
        "limits_source": "",
        "complaints_card": True,
        "channels": [
            {
                "kind": "phone",
                "name_zh": "河北银行客服热线",
                "name_en": "Hebei Bank hotline",
                "contact": "400-612-9999",
                "steps_zh": "拨打400-612-9999（河北省内也可拨96368）\n按语音提示转人工\n说明想协商还款",
                "steps_en": "Call 400-612-9999 (in Hebei also 96368)\nAsk for a person\nSay you want to negotiate repayment",
                "hours_zh": "",
                "hours_en": "",
                "source": "compiled list; 长城网 2013-02-28 (96368)",
                "confidence": "unverified",
            },
        ],
    },
]


def load_lender_profiles(*, lender_model, channel_model) -> int:
    """Create the seed lender profiles that do not exist yet; never touch existing ones. Return how many."""
    created = 0
    for order, raw in enumerate(LENDERS):
        data = dict(raw)
        channels = data.pop("channels")
        card = data.pop("complaints_card", False)
        if lender_model.objects.filter(slug=data["slug"]).exists():
            continue
        data.setdefault("complaint_channels_zh", CARD_COMPLAINTS_ZH if card else COMPLAINTS_ZH)
        data.setdefault("complaint_channels_en", CARD_COMPLAINTS_EN if card else COMPLAINTS_EN)
        data.setdefault("consequences_zh", CONSEQUENCES_ZH)
        data.setdefault("consequences_en", CONSEQUENCES_EN)
        # Only the fields the model has (migration 0002 runs this with the profile as it was then).
        fields = {field.name for field in lender_model._meta.get_fields()}
        data = {name: value for name, value in data.items() if name in fields}
        lender = lender_model.objects.create(sort_order=(order + 1) * 10, **data)
        for position, channel in enumerate(channels):
            channel_model.objects.create(
                lender=lender, last_verified=CHECKED, sort_order=(position + 1) * 10, **channel
            )
        created += 1
    return created


# The deferral and installment programmes each lender is known to offer (research/domain_facts.md §1.7, §1.9,
# §2.1). A lender without an entry has no known programme: the borrower is told to ask.
HUABEI_INSTALLMENT_SOURCE = (
    "youxi2020.com/ershoufang/17857.html (undated; the page says rates change and the app governs)"
)
HUABEI_INSTALLMENT_CONDITIONS_ZH = (
    "账单分期：手续费按期收取，费率以花呗页面显示为准；已延期的账单不能再分期。"
)
HUABEI_INSTALLMENT_CONDITIONS_EN = (
    "Bill installments: the fee is charged with each period, at the rate the Huabei page shows; a deferred "
    "bill cannot be split into installments."
)
PROGRAMMES = {
    "huabei": [
        *(
            {
                "kind": "installment",
                "name_zh": "账单分期",
                "name_en": "Bill installments",
                "periods": periods,
                "total_fee_rate": rate,
                "conditions_zh": HUABEI_INSTALLMENT_CONDITIONS_ZH,
                "conditions_en": HUABEI_INSTALLMENT_CONDITIONS_EN,
                "source": HUABEI_INSTALLMENT_SOURCE,
                "source_kind": "secondary",
                "source_count": 1,
                "source_date": None,
                "last_checked": CHECKED,
            }
            for periods, rate in (
                (3, Decimal("0.025")),
                (6, Decimal("0.045")),
                (9, Decimal("0.065")),
                (12, Decimal("0.088")),
            )
        ),
        {
            "kind": "deferral",
            "name_zh": "延期还款",
            "name_en": "Deferred repayment",
            "deferral_days": 30,
            "total_fee_rate": None,
            "conditions_zh": (
                "只对有此功能的用户开放；在账单日到还款日自动扣款前申请，本月账单全部或部分延到下个月，收取手续费"
                "（费率未查到）；已分期或最低还款的部分不能延期，延期后的账单不能再延期、分期或最低还款。"
            ),
            "conditions_en": (
                "Only for users who have the feature; apply between the statement date and the automatic debit on "
                "the due date; all or part of this month's bill moves to next month for a fee (rate not found); "
                "parts in installments or minimum repayment cannot be deferred, and a deferred bill cannot be "
                "deferred again, split or paid by minimum repayment."
            ),
            "source": "easyfang.com 2024-02-21; weilaishidai.com (undated)",
            "source_kind": "secondary",
            "source_count": 2,
            "source_date": date(2024, 2, 21),
            "last_checked": CHECKED,
        },
    ],
    "credit-card": [
        {
            "kind": "personalised",
            "name_zh": "个性化分期还款协议",
            "name_en": "Personalised installment agreement",
            "periods": 60,
            "total_fee_rate": None,
            "at_lender_discretion": True,
            "conditions_zh": (
                "依据《商业银行信用卡业务监督管理办法》第七十条：银行确认欠款超出还款能力且持卡人仍有还款意愿的，"
                "“可以”与持卡人协商，最长不超过5年（60期）；这不是持卡人的权利，是否停息、减免费用需要协商。"
                "签署协议后银行应停止催收。"
            ),
            "conditions_en": (
                "Under Article 70 of the 2011 Credit Card Measures, when the bank confirms the debt exceeds what "
                "the cardholder can repay and the cardholder still means to repay, the bank *may* agree an "
                "installment plan of at most 5 years (60 periods); it is not a right, and stopping interest or "
                "waiving fees is negotiated. Once signed, collection stops."
            ),
            "source": "《商业银行信用卡业务监督管理办法》(2011) art. 70, three matching copies of the text",
            "source_kind": "regulation",
            "source_count": 3,
            "source_date": date(2011, 1, 13),
            "last_checked": date(2026, 12, 1),
        },
    ],
}


def load_lender_programmes(*, lender_model, programme_model) -> int:
    """Create the seed programmes of each seeded lender that has none yet; never touch existing ones.
    Return how many were created."""
    created = 0
    for slug, programmes in PROGRAMMES.items():
        lender = lender_model.objects.filter(slug=slug).first()
        if lender is None or programme_model.objects.filter(lender=lender).exists():
            continue
        for position, programme in enumerate(programmes):
            programme_model.objects.create(lender=lender, sort_order=(position + 1) * 10, **programme)
            created += 1
    return created
