"""Texts for `seed_demo`: what borrowers write about their hardship, what agents offer and what counselors
note, in the words people actually use. Demo data, not interface strings: never translated."""

CITIES = ["杭州", "成都", "郑州", "东莞", "长沙", "合肥", "南宁", "石家庄", "昆明", "佛山", "无锡", "西安"]
INDUSTRIES = ["电商", "物流", "装修", "餐饮", "教育培训", "房产中介", "服装加工", "电子厂"]
JOBS = ["客服", "仓管", "销售", "文员", "司机", "质检员", "运营", "前台"]
ILLNESSES = ["急性阑尾炎", "腰椎间盘突出", "胆结石", "甲状腺结节", "骨折", "肺炎"]
FAMILY_EVENTS = [
    "父亲突发脑梗住进了ICU",
    "母亲查出需要长期透析",
    "孩子做心脏手术",
    "爱人生病辞职在家照顾孩子",
    "老家房子漏水塌了一半，要重新修",
]
SHOPS = ["奶茶店", "快餐店", "服装店", "水果店", "美甲店", "五金店"]

NARRATIVES_ZH = {
    "job_loss": [
        "我原来在{city}一家{industry}公司做{job}，{month}月公司裁员，我被辞退了。现在每个月只有失业金和一点零工收入，"
        "正在找新工作，已经面试了几家，预计{months}个月内能重新上班。",
        "厂里订单减少，{month}月起停工放假，没有工资。我现在跑外卖维持生活，收入不稳定，"
        "等厂里复工或者找到新工作，就能恢复正常还款。",
        "{month}月合同到期公司没有续签，我一直在投简历。爱人一个人的工资要负担房租和孩子的开销，"
        "这几个月实在拿不出钱还款，但我不想逾期，希望先延期{months}个月。",
    ],
    "illness": [
        "{month}月我因为{illness}住院做了手术，前后花了{cost}元医药费，医保报销后自己还付了一大部分。"
        "现在在家休养，暂时不能上班，医生说还要休息{months}个月。",
        "我{month}月查出{illness}，一直在治疗，请了病假，单位只发基本工资。"
        "治疗费用和药费每个月要两千多，收入一下子少了一半。",
    ],
    "income_drop": [
        "公司效益不好，从{month}月开始降薪，每月到手从{old}元降到{new}元，房租和生活费一分没少，现在每个月都不够还款。",
        "我做销售，收入主要靠提成，今年行情差，最近三个月的收入只有以前的一半左右。"
        "我在跑业务争取新客户，预计{months}个月后收入能回到原来的水平。",
    ],
    "business": [
        "我在{city}开了一家{shop}，今年生意一直不好，{month}月以后营业额掉了一半多，房租和员工工资压得喘不过气，"
        "还有两笔货款被拖欠没收回来。",
        "我做个体运输，{month}月车坏了修了{cost}元，又接不到活，两个月几乎没有收入。现在车修好了，正在重新接单。",
    ],
    "family": [
        "{month}月家里出了变故，{event}，一下子花掉了家里所有积蓄，还向亲戚借了钱。这几个月的钱都先紧着看病用了。",
        "{event}，我请假回老家照顾了一个多月，工资被扣了大半，还垫付了不少费用。",
    ],
    "disaster": [
        "{month}月{city}遭遇暴雨洪涝，我经营的店被淹，货物全部泡水，保险还在理赔，店要重新装修才能开门。",
        "{month}月{city}因为疫情封控，店铺停业了一个多月，没有收入，但房租照付。",
    ],
    "other": [
        "孩子上学和老人看病的开销同时压过来，这几个月入不敷出，实在周转不开。",
        "之前借钱给朋友周转，约好{month}月还，现在对方联系不上，我自己的还款也跟着断了。",
    ],
}

NARRATIVES_EN = {
    "job_loss": "I lost my job in {city} in month {month} when the company cut staff. I am interviewing and expect "
    "to work again within {months} months.",
    "illness": "I had surgery in month {month} and cannot work for {months} more months; the medical bills took "
    "most of our savings.",
    "income_drop": "My salary was cut from {old} to {new} yuan a month in month {month}; rent and living costs "
    "did not change.",
    "business": "Sales at my small {shop_en} in {city} fell by half after month {month}; two customers still owe me.",
    "family": "A family emergency in month {month} used all our savings and I had to take unpaid leave.",
    "disaster": "Floods in {city} in month {month} closed my shop; the insurance claim is still open.",
    "other": "School fees and my parents' medical costs came at the same time, and I cannot cover this bill.",
}

SHOPS_EN = ["tea shop", "noodle restaurant", "clothes shop", "fruit stall"]

INCOME_SOURCES = {
    "job_loss": ["失业金和外卖兼职", "零工收入", "爱人工资"],
    "illness": ["病假基本工资", "单位病假工资和爱人收入"],
    "income_drop": ["降薪后的工资", "底薪加少量提成"],
    "business": ["店铺营业收入", "跑运输的收入"],
    "family": ["工资", "工资和爱人收入"],
    "disaster": ["店铺临时摆摊收入", "打零工"],
    "other": ["工资"],
}

EVIDENCE = {
    "job_loss": ["id_card", "termination_letter", "bank_statements"],
    "illness": ["id_card", "medical_records", "bank_statements"],
    "income_drop": ["payslips", "bank_statements"],
    "business": ["business_records", "bank_statements"],
    "family": ["event_documents", "id_card"],
    "disaster": ["official_notice", "business_records"],
    "other": ["other"],
}

OFFERS = {
    "approved": [
        "同意延期{days}天，延期期间不上报征信。",
        "可以办理个性化分期，分{months}期，每期按计划还。",
        "同意先停催收{days}天，到期后按新计划还款。",
    ],
    "partly_approved": [
        "只能延期15天，不能延期{days}天。",
        "可以分期，但最长分{months}期，手续费按月0.6%。",
        "可以减免部分逾期费用，但本金要按原计划还。",
    ],
    "refused": [
        "系统评估不通过，不能办理延期，建议先还最低还款额。",
        "目前不支持延期，只能按原账单还款。",
    ],
    "documents_requested": [
        "需要先上传失业证明和近三个月银行流水，审核后回复。",
        "请提供住院病历和费用清单，三个工作日内审核。",
        "要营业执照和近半年的流水，提交后再评估。",
    ],
    "call_back": ["已经登记，专员会在两个工作日内回电。", "已提交申请，等审核结果短信通知。"],
    "pending": ["申请已经提交，正在审核。", ""],
    "no_answer": [""],
}

PROMISES = [
    "{date}前上传证明材料。",
    "每月{day}号按计划还款，不再拖延。",
    "先还{amount}元，剩下的按新计划还。",
    "新工作发第一笔工资后立刻开始还款。",
    "",
]

CONTACT_NOTES = [
    "客服态度很好，让我等三个工作日的审核结果。",
    "排队等了二十多分钟才转到人工。",
    "客服说延期要走协商通道，给了工单号。",
    "打了两次都没接通，第三次才有人接。",
    "在线客服先是机器人回复，输入“转人工”后才有人处理。",
    "对方要求说明收入来源，我按计划书说了。",
    "",
    "",
]

CORRECTION_NOTE = "更正：上次把工单号记错了。"

REVIEW_NOTES = [
    "收入和支出核对过，计划可行。",
    "借款人说明的失业时间和证明材料一致。",
    "建议把首期还款推迟到新工作发第一笔工资之后。",
    "上次通话承诺的材料还没上传，已提醒借款人。",
    "金额和账单截图对不上，请借款人再确认一次应还金额。",
    "贷款机构给的分期方案手续费偏高，建议再争取一次延期。",
    "每月剩余可还金额很少，计划期限偏长，建议说明家庭其他收入。",
    "已经逾期，提醒借款人先联系客服说明情况，不要失联。",
]
