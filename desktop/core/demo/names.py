"""Plausible fictional Chinese names and places."""

from __future__ import annotations

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚邵万钱严覃武戴莫孔汤"
# given names by gender (a 金花 or 秀英 is a woman): the registry draws the gender first, then a fitting name
GIVEN_ONE = {"男": "伟强磊军洋勇杰涛明超平刚华建文辉力林斌宇浩凯俊峰亮健波宁鹏飞",
             "女": "芳娜敏静丽艳娟秀霞桂英玉兰萍红"}
GIVEN_TWO = {"男": ("建国", "国强", "志明", "卫东", "德华", "振华", "晓东", "建军", "明亮", "文杰", "小平", "新民",
                   "树林", "宏伟", "爱民", "立新", "俊杰", "志强", "春生", "福林", "庆丰", "连生", "水根", "长青",
                   "家兴"),
             "女": ("海燕", "春梅", "秀英", "红梅", "丽华", "永红", "金花", "玉珍", "桂芳", "雪梅", "晓燕", "月娥",
                   "冬梅")}
VILLAGE_NAMES = ("青石", "柳溪", "桃源", "龙潭", "白沙", "梅岭", "杨家", "东岙", "西山", "南塘", "北岗", "上林",
                 "下洋", "大岭", "小港", "前童", "后畈", "清泉", "枫树", "竹林", "荷花", "金竹", "石门", "双溪")
STATIONS = ("农业农村办公室", "财政所", "社会事务办公室", "自然资源所", "村镇建设办公室", "综合执法队")


def person_name(rng, gender: str | None = None) -> str:
    """A full name; with gender 男/女 the given name fits it, without it either kind."""
    two = GIVEN_TWO[gender] if gender else GIVEN_TWO["男"] + GIVEN_TWO["女"]
    one = GIVEN_ONE[gender] if gender else GIVEN_ONE["男"] + GIVEN_ONE["女"]
    given = rng.choice(two) if rng.random() < 0.6 else rng.choice(one)
    return rng.choice(SURNAMES) + given


def mobile(rng) -> str:
    return rng.choice(("138", "139", "137", "135", "158", "159", "188", "187", "152", "130", "133", "180")) + "".join(
        str(rng.randrange(10)) for _ in range(8)
    )
