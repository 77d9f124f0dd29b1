#!/usr/bin/python3
"""Builds the embedded reference tables of `nayose generate` (kernels/synth/data/*.tsv).

Reads the shared reference data (default: ../shared/data relative to the repository root, i.e.
/work/shared/data; override with --shared) and writes compact UTF-8 TSV files next to this script.
Every output file starts with one header line naming its columns. Re-running on the same inputs
gives byte-identical outputs (no timestamps, deterministic order). See README.md in this folder for
each file's columns, provenance, licence and attribution.

    /usr/bin/python3 kernels/synth/data/build_tables.py [--shared /work/shared/data]

Standard library only.
"""
import argparse
import collections
import csv
import io
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# ----------------------------------------------------------------------------------------------
# helpers

def hira_to_kata(s):
    """Hiragana (U+3041..U+3096, plus ゝゞ) to katakana; everything else unchanged."""
    out = []
    for ch in s:
        c = ord(ch)
        if 0x3041 <= c <= 0x3096 or c in (0x309D, 0x309E):
            out.append(chr(c + 0x60))
        else:
            out.append(ch)
    return ''.join(out)


def lg_check_digit(five):
    """全国地方公共団体コード check digit (DOMAIN §4.7)."""
    s = sum(int(d) * w for d, w in zip(five, (6, 5, 4, 3, 2)))
    return str((11 - s % 11) % 10)


def write_tsv(name, header, rows):
    path = os.path.join(HERE, name)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\t'.join(header) + '\n')
        for r in rows:
            cells = [str(c) for c in r]
            for c in cells:
                if '\t' in c or '\n' in c or '\r' in c:
                    raise SystemExit(f'{name}: cell contains a tab or newline: {c!r}')
            if len(cells) != len(header):
                raise SystemExit(f'{name}: row {cells} has {len(cells)} cells, header {len(header)}')
            f.write('\t'.join(cells) + '\n')
    print(f'{name}: {len(rows)} rows, {os.path.getsize(path):,} bytes')


def read_cp932_csv(path):
    with io.open(path, encoding='cp932', newline='') as f:
        return list(csv.reader(f))


# ----------------------------------------------------------------------------------------------
# surnames

def build_surnames(shared):
    rows = []
    with open(os.path.join(shared, 'names/last_name_org.csv'), encoding='utf-8', newline='') as f:
        for r in csv.reader(f):
            kanji, est, hira = r[0], int(r[1]), r[2]
            kana = hira_to_kata(hira)
            if kanji == '金子' and hira == 'きんす':
                kana = 'カネコ'  # data error in the source; DOMAIN §4.5
            rows.append((kanji, kana, est))
    rows.sort(key=lambda r: (-r[2], r[0]))
    write_tsv('surnames.tsv', ['kanji', 'kana', 'weight'], rows)
    return rows


# ----------------------------------------------------------------------------------------------
# given names
#
# Weights (documented in README.md):
#  * long tail: every (reading, spelling) of first_name_{man,woman}_org.csv, whole year range, weight 1;
#    spellings of the readings listed in the *_opti.csv subsets (common readings) weight 3.
#  * era names of DOMAIN §4.6 in their birth-year range: ERA_WEIGHT each.
#  * 2-kana katakana women's names (registered in katakana) for births 1912-1921: KATA_WEIGHT each.

YEAR_MIN, YEAR_MAX = 1900, 2100
TAIL_WEIGHT, OPTI_WEIGHT = 1, 3
ERA_SHARE = 0.02    # each era name ~2% of its sex's cohort (top-100 cover ~20%, DOMAIN §4.6)
KATA_SHARE = 0.006  # each 2-kana katakana name ~0.6% of women born 1912-1921 [U]

# (kanji, kana, from, to) per DOMAIN §4.6; a name typical in two adjacent eras spans both.
ERA_MALE = [
    ('正一', 'ショウイチ', 1912, 1925), ('清', 'キヨシ', 1912, 1925), ('茂', 'シゲル', 1912, 1925),
    ('昭二', 'ショウジ', 1927, 1928), ('昭三', 'ショウゾウ', 1927, 1928), ('勇', 'イサム', 1926, 1945),
    ('進', 'ススム', 1926, 1945), ('勝', 'マサル', 1926, 1945), ('武', 'タケシ', 1926, 1945),
    ('功', 'イサオ', 1926, 1945),
    ('稔', 'ミノル', 1946, 1960), ('和夫', 'カズオ', 1946, 1960), ('博', 'ヒロシ', 1946, 1960),
    ('誠', 'マコト', 1957, 1978), ('浩', 'ヒロシ', 1960, 1961),
    ('和彦', 'カズヒコ', 1961, 1978), ('哲也', 'テツヤ', 1961, 1978), ('直樹', 'ナオキ', 1961, 1978),
    ('大輔', 'ダイスケ', 1979, 1986), ('拓也', 'タクヤ', 1979, 1988),
    ('翔太', 'ショウタ', 1989, 2008), ('翔', 'ショウ', 1989, 2008), ('健太', 'ケンタ', 1989, 2008),
    ('大輝', 'ダイキ', 1989, 2008), ('大翔', 'ヒロト', 1989, 2008), ('大翔', 'ハルト', 1989, 2008),
    ('蓮', 'レン', 2009, 2024), ('湊', 'ミナト', 2009, 2024), ('陽翔', 'ハルト', 2009, 2024),
    ('悠真', 'ユウマ', 2009, 2024), ('悠人', 'ユウト', 2009, 2024),
]
ERA_FEMALE = [
    ('千代', 'チヨ', 1912, 1925), ('文子', 'フミコ', 1912, 1925), ('正子', 'マサコ', 1912, 1925),
    ('和子', 'カズコ', 1926, 1945), ('幸子', 'サチコ', 1926, 1945), ('節子', 'セツコ', 1926, 1945),
    ('弘子', 'ヒロコ', 1926, 1945), ('勝子', 'カツコ', 1942, 1945),
    ('恵子', 'ケイコ', 1946, 1960), ('洋子', 'ヨウコ', 1946, 1960), ('京子', 'キョウコ', 1946, 1960),
    ('美智子', 'ミチコ', 1946, 1960), ('由美子', 'ユミコ', 1946, 1978), ('明美', 'アケミ', 1957, 1978),
    ('直美', 'ナオミ', 1968, 1970), ('陽子', 'ヨウコ', 1971, 1978), ('智子', 'トモコ', 1961, 1978),
    ('愛', 'アイ', 1983, 1990), ('裕子', 'ユウコ', 1979, 1985),
    ('美咲', 'ミサキ', 1989, 2008), ('さくら', 'サクラ', 1989, 2008), ('陽菜', 'ヒナ', 1989, 2008),
    ('葵', 'アオイ', 1989, 2008), ('結衣', 'ユイ', 1989, 2008), ('七海', 'ナナミ', 1989, 2008),
    ('結月', 'ユヅキ', 2009, 2024), ('結愛', 'ユア', 2009, 2024), ('陽葵', 'ヒマリ', 2009, 2024),
    ('凛', 'リン', 2009, 2024), ('紬', 'ツムギ', 2009, 2024), ('詩', 'ウタ', 2009, 2024),
]
# 2-kana women's names written in katakana (DOMAIN §4.6 lists ハル, キヨ, キミ; the others are
# further 2-mora readings of that style [U]); kept only if the reading occurs in the women's file.
KATA_FEMALE = ['ハル', 'キヨ', 'キミ', 'ハナ', 'ウメ', 'トメ', 'ツル', 'マツ', 'タケ', 'フミ', 'ミツ',
               'シズ', 'ヨシ', 'イネ', 'キク', 'スエ', 'タマ', 'トミ', 'ハツ', 'フジ', 'マサ', 'ミネ',
               'ヤス', 'ユキ', 'ノブ', 'カネ', 'シゲ', 'ツネ', 'テル', 'トシ', 'ヒサ', 'ミヨ', 'ヨネ',
               'キヌ', 'サダ', 'ソノ', 'チヨ', 'ナツ', 'ヒデ', 'ミサ']


def read_given(path):
    out = []
    with open(path, encoding='utf-8', newline='') as f:
        for r in csv.reader(f):
            hira, spellings = r[0], [k for k in r[2:] if k]
            out.append((hira_to_kata(hira), spellings))
    return out


def build_given_names(shared):
    rows = []  # (sex, kana, from, to, weight, [kanji...])
    for sex, stem in ((1, 'man'), (2, 'woman')):
        org = read_given(os.path.join(shared, f'names/first_name_{stem}_org.csv'))
        opti = {k for k, _ in read_given(os.path.join(shared, f'names/first_name_{stem}_opti.csv'))}
        readings = {k for k, _ in org}
        tail_total = 0
        for kana, spellings in org:
            if not spellings:
                continue  # two rows per file carry no kanji spelling
            w = OPTI_WEIGHT if kana in opti else TAIL_WEIGHT
            rows.append((sex, kana, YEAR_MIN, YEAR_MAX, w, spellings))
            tail_total += w * len(spellings)
        era = ERA_MALE if sex == 1 else ERA_FEMALE
        era_weight = round(ERA_SHARE * tail_total)
        for kanji, kana, a, b in era:
            rows.append((sex, kana, a, b, era_weight, [kanji]))
        if sex == 2:
            kata_weight = round(KATA_SHARE * tail_total)
            for kana in KATA_FEMALE:
                if kana in readings:
                    rows.append((sex, kana, 1912, 1921, kata_weight, [kana]))
        print(f'given names sex {sex}: long-tail weight total {tail_total}, era weight {era_weight}')
    for r in rows:
        for k in r[5]:
            if ' ' in k or '\t' in k:
                raise SystemExit(f'given name spelling with a space: {k!r}')
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    write_tsv('given_names.tsv', ['sex', 'kana', 'born_from', 'born_to', 'weight', 'kanji'],
              [(s, k, a, b, w, ' '.join(sp)) for s, k, a, b, w, sp in rows])
    return rows


# ----------------------------------------------------------------------------------------------
# municipalities and postal areas

BRACKET = re.compile(r'（[^（）]*）|\([^()]*\)')
FLOOR = re.compile(r'（[^）]*階[^）]*）')
CHOME_WEIGHT = 4        # extra weight of a 丁目-bearing postal area in the population proxy
MAX_AREAS = 20


def clean_town(town, kana):
    """Strips Japan Post's bracketed notes and placeholders from a 町域 name. None = skip row."""
    if '以下に掲載がない場合' in town:
        return '', ''
    if 'の次に' in town or town.endswith('一円'):
        return '', ''          # "○○村の次に番地がくる場合": the municipality has no 町域 split
    if '無番地' in town:
        return None
    t = BRACKET.sub('', town).strip()
    k = BRACKET.sub('', kana).strip()
    if '（' in t or '）' in t:          # unbalanced bracket: a split note; drop the tail
        t = t.split('（')[0]
        k = k.split('（')[0]
    if '〜' in t or '、' in t:          # a list or range of 地割 / 甲、乙: keep the first item
        t = re.split('[〜、]', t)[0]
        k = re.split('[−、]', k)[0]
    return t, k


def build_geo(shared, pop_rows):
    # localgovjp
    lg = {}
    with open(os.path.join(shared, 'geo/localgovjp-utf8.csv'), encoding='utf-8-sig', newline='') as f:
        for r in csv.DictReader(f):
            lg[r['lgcode'][:5]] = r
    # postal file
    postal = collections.defaultdict(list)
    postal_names = {}
    with open(os.path.join(shared, 'geo/utf_ken_all.csv'), encoding='utf-8', newline='') as f:
        for r in csv.reader(f):
            postal[r[0]].append(r)
            postal_names[r[0]] = (r[6], r[7], r[4])
    # prefecture names
    pref_names = {}
    with open(os.path.join(shared, 'geo/prefjp-utf8.csv'), encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            pref_names[int(r['pid'])] = r['pref']

    # Designated cities: parent rows (no space in the name, wards "市 区" follow) -> parent code.
    munis = []
    dropped = []
    for code5, r in sorted(lg.items()):
        if code5 not in postal:
            dropped.append((r['lgcode'], r['city']))
            continue
        name = r['city']
        kana = hira_to_kata(r['citykana'])
        city_code = r['lgcode']
        if ' ' in name:
            parent_name = name.split(' ')[0]
            parents = [c for c, x in lg.items() if x['city'] == parent_name and x['pid'] == r['pid']]
            if len(parents) != 1:
                raise SystemExit(f'no unique parent city for {name}')
            city_code = lg[parents[0]]['lgcode']
        munis.append({'code': r['lgcode'], 'pref': int(r['pid']), 'pref_name': r['pref'],
                      'name': name.replace(' ', ''), 'kana': kana.replace(' ', ''), 'city_code': city_code})
    # Codes in the postal file that localgovjp lacks (Hamamatsu's 2024 wards): add with computed check digit.
    for code5 in sorted(postal):
        if code5 in lg:
            continue
        pref_name, city, city_kana = postal_names[code5]
        m = re.match(r'^(.+市)(.+区)$', city)
        if not m:
            raise SystemExit(f'unexpected postal-only municipality {code5} {city}')
        parents = [x for x in lg.values() if x['city'] == m.group(1) and x['pref'] == pref_name]
        if len(parents) != 1:
            raise SystemExit(f'no parent city for {city}')
        munis.append({'code': code5 + lg_check_digit(code5), 'pref': int(code5[:2]), 'pref_name': pref_name,
                      'name': city, 'kana': city_kana, 'city_code': parents[0]['lgcode']})
    munis.sort(key=lambda m: m['code'])

    # Postal areas and the population proxy.
    area_rows = []
    for m in munis:
        rows = postal[m['code'][:5]]
        kept, seen = [], set()
        placeholder = None
        proxy = 0
        for r in rows:
            town_raw, kana_raw = r[8], r[5]
            if FLOOR.search(town_raw):
                continue  # one building floor of a high-rise: not a residential area
            cleaned = clean_town(town_raw, kana_raw)
            if cleaned is None:
                continue
            t, k = cleaned
            if '以下に掲載がない場合' in town_raw:
                placeholder = (r[2], '0', t, k)
                continue
            chome = r[11]
            proxy += 1 + (CHOME_WEIGHT if chome == '1' else 0)
            key = (r[2], t)
            if key in seen:
                continue
            seen.add(key)
            kept.append((r[2], chome, t, k))
        if not kept:
            kept = [placeholder]
            proxy = 1
        if len(kept) > MAX_AREAS:
            step = len(kept) / MAX_AREAS
            kept = [kept[int(i * step)] for i in range(MAX_AREAS)]
        m['proxy'] = proxy
        for postal_code, chome, t, k in kept:
            area_rows.append((m['code'], postal_code, chome, t, k))

    # Weight = prefecture resident total (2021-01-01) split by the proxy share inside the prefecture.
    pref_total = {p: c for (p, s, band), c in pop_rows['totals'].items()}
    by_pref = collections.defaultdict(list)
    for m in munis:
        by_pref[m['pref']].append(m)
    for p, ms in by_pref.items():
        tot = sum(m['proxy'] for m in ms)
        for m in ms:
            m['weight'] = max(1, round(pref_total[p] * m['proxy'] / tot))
        if pref_names.get(p) != ms[0]['pref_name']:
            raise SystemExit(f'prefecture name mismatch {p}')
    write_tsv('municipalities.tsv', ['code', 'pref', 'pref_name', 'name', 'kana', 'city_code', 'weight'],
              [(m['code'], f"{m['pref']:02d}", m['pref_name'], m['name'], m['kana'], m['city_code'], m['weight'])
               for m in munis])
    write_tsv('postal_areas.tsv', ['municipality', 'postal_code', 'chome', 'town', 'town_kana'], area_rows)
    return munis, dropped


# ----------------------------------------------------------------------------------------------
# population cells

BANDS = ['0-4', '5-9', '10-14', '15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49', '50-54',
         '55-59', '60-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90-94', '95-99', '100+']


def build_population(shared):
    cells, totals = [], {}
    with open(os.path.join(shared, 'population/jumin_2021-01-01_pref_sex_age5.csv'), encoding='utf-8',
              newline='') as f:
        for r in csv.DictReader(f):
            p = int(r['pref_code'])
            if p == 0:
                continue
            if r['age_band'] == 'total':
                if r['sex'] == 'total':
                    totals[(p, 0, 0)] = int(r['population'])
                continue
            if r['sex'] == 'total':
                continue
            sex = 1 if r['sex'] == 'male' else 2
            cells.append((f'{p:02d}', sex, BANDS.index(r['age_band']), int(r['population'])))
    cells.sort()
    if len(cells) != 47 * 2 * 21:
        raise SystemExit(f'expected 1974 population cells, got {len(cells)}')
    write_tsv('population.tsv', ['pref', 'sex', 'band', 'count'], cells)
    return {'cells': cells, 'totals': totals}


# ----------------------------------------------------------------------------------------------
# code tables: one layout for all (code, name, icd10, unit, points, group, weight)

CODE_HEADER = ['code', 'name', 'icd10', 'unit', 'points', 'group', 'weight']

DIAGNOSES = {
    'hypertension': '高血圧症 本態性高血圧症 高血圧性心疾患 高血圧性腎疾患',
    'diabetes': '２型糖尿病 糖尿病 １型糖尿病 境界型糖尿病 糖尿病性腎症 ２型糖尿病性腎症 糖尿病網膜症 糖尿病性神経痛',
    'dyslipidemia': '脂質異常症 高コレステロール血症 高脂血症 高トリグリセライド血症 家族性高コレステロール血症 混合型高脂質血症',
    'acute': ('急性上気道炎 感冒 かぜ 急性咽頭炎 急性扁桃炎 急性気管支炎 インフルエンザ 急性胃腸炎 感染性胃腸炎 '
              '急性副鼻腔炎 急性膀胱炎 膀胱炎 結膜炎 発熱 頭痛 気管支炎 胃腸炎 嘔吐症 下痢症 じんま疹 接触皮膚炎 '
              '帯状疱疹 口内炎 扁桃炎 咽頭炎 喉頭炎 急性喉頭炎 急性腸炎 コロナウイルス感染症２０１９・ウイルス同定 '
              'マイコプラズマ肺炎 細菌性肺炎 熱中症 アナフィラキシー 感染後咳嗽'),
    'pediatric': ('急性中耳炎 溶連菌感染症 手足口病 突発性発疹症 水痘 伝染性膿痂疹 伝染性紅斑 流行性耳下腺炎 '
                  'ＲＳウイルス感染症 アデノウイルス感染症 熱性痙攣 夜尿症 ヘルパンギーナ'),
    'orthopedic': ('腰痛症 急性腰痛症 変形性膝関節症 変形性腰椎症 腰部脊柱管狭窄症 腰椎椎間板ヘルニア 頚椎症 変形性頚椎症 '
                   '肩関節周囲炎 関節リウマチ 捻挫 腱鞘炎 坐骨神経痛 変形性股関節症 頚肩腕症候群 外反母趾 足関節捻挫 '
                   '手根管症候群 橈骨遠位端骨折 腰椎圧迫骨折 肋骨骨折 ばね指 頚椎捻挫 肩こり 筋肉痛 腰椎すべり症 '
                   '足底腱膜炎 アキレス腱断裂 半月板損傷'),
    'elderly': ('認知症 アルツハイマー型認知症 血管性認知症 骨粗鬆症 脳梗塞後遺症 前立腺肥大症 過活動膀胱 加齢性白内障 '
                '白内障 難聴 感音難聴 便秘症 不眠症 廃用症候群 褥瘡 パーキンソン病 脊柱管狭窄症 フレイル サルコペニア '
                '皮膚そう痒症 尿失禁症 神経因性膀胱 嚥下障害 低栄養 脱水症'),
    'inpatient': ('肺炎 誤嚥性肺炎 脳梗塞 心不全 急性心不全 急性心筋梗塞 狭心症 大腿骨頚部骨折 胃癌 肺癌 大腸癌 乳癌 '
                  '前立腺癌 肝細胞癌 膵癌 食道癌 子宮頚癌 子宮体癌 膀胱癌 腎癌 甲状腺癌 悪性リンパ腫 白血病 尿路感染症 '
                  '腎盂腎炎 急性虫垂炎 胆のう結石症 急性胆のう炎 脳出血 くも膜下出血 敗血症 慢性腎不全 鼡径ヘルニア '
                  '急性膵炎 イレウス 急性大動脈解離 大腸ポリープ 急性腎不全 間質性肺炎 直腸癌 胆管癌 卵巣癌 多発性骨髄腫 '
                  '腹部大動脈瘤 肺塞栓症 気胸'),
    'gastro': ('胃炎 慢性胃炎 逆流性食道炎 胃潰瘍 十二指腸潰瘍 過敏性腸症候群 機能性ディスペプシア 脂肪肝 痔核 内痔核 '
               '慢性肝炎 Ｃ型慢性肝炎 Ｂ型慢性肝炎 胃食道逆流症 ヘリコバクター・ピロリ感染症 潰瘍性大腸炎 クローン病 '
               '機能性便秘症 アルコール性肝硬変'),
    'respiratory': '気管支喘息 慢性気管支炎 咳喘息 慢性閉塞性肺疾患 睡眠時無呼吸症候群',
    'allergy': 'アレルギー性鼻炎 花粉症 アレルギー性結膜炎 慢性副鼻腔炎',
    'dermatology': ('アトピー性皮膚炎 湿疹 皮脂欠乏性湿疹 尋常性ざ瘡 足白癬 爪白癬 脂漏性皮膚炎 尋常性乾癬 疣贅 鶏眼 '
                    '尋常性疣贅 乾皮症 手湿疹 皮膚炎 熱傷 円形脱毛症 陥入爪'),
    'psychiatric': ('うつ病 うつ状態 不安神経症 統合失調症 自律神経失調症 適応障害 パニック障害 双極性感情障害 '
                    '注意欠陥多動障害 自閉症スペクトラム障害 不安障害 心身症 神経症 アルコール依存症'),
    'cardiac': ('慢性心不全 心房細動 不整脈 陳旧性心筋梗塞 期外収縮 閉塞性動脈硬化症 下肢閉塞性動脈硬化症 深部静脈血栓症 '
                '下肢静脈瘤 心臓弁膜症 大動脈弁狭窄症 発作性上室頻拍 房室ブロック 虚血性心疾患'),
    'cerebrovascular': '一過性脳虚血発作 脳出血後遺症 頚動脈硬化症 脳動脈硬化症',
    'renal_urology': '慢性腎臓病 尿路結石症 腎結石症 尿管結石症',
    'eye': 'ドライアイ 近視 老視 麦粒腫 加齢黄斑変性 網膜剥離 飛蚊症 霰粒腫 緑内障',
    'ent': '滲出性中耳炎 中耳炎 めまい症 メニエール病 良性発作性頭位めまい症 突発性難聴 耳垢栓塞 外耳炎 鼻出血症',
    'endocrine': ('甲状腺機能低下症 橋本病 バセドウ病 高尿酸血症 痛風 肥満症 鉄欠乏性貧血 貧血 ビタミンＢ１２欠乏症 '
                  '甲状腺機能亢進症'),
    'gynecology': '月経困難症 更年期症候群 子宮筋腫 子宮内膜症 萎縮性腟炎 乳腺症 腟カンジダ症 月経不順',
    'neurology': '片頭痛 緊張型頭痛 てんかん 末梢神経障害 顔面神経麻痺 三叉神経痛 本態性振戦',
}

# Leading causes of death, named as in the diagnoses master (ICD-10 from its 2013 column).
# Weights: per mille of all deaths. Three group totals are DOMAIN §4.11 (2023: 悪性新生物 243,
# 心疾患 147, 老衰 121); the others and the split of each group over its rows are [U] (background
# knowledge of MHLW 人口動態統計 tables, not read here). External causes (accidents, suicide) are not
# included: the diagnoses master carries no external-cause (V01-Y98) codes.
DEATH_CAUSES = [
    ('肺癌', 48), ('大腸癌', 35), ('胃癌', 25), ('膵癌', 25), ('肝細胞癌', 15), ('胆管癌', 12), ('乳癌', 11),
    ('前立腺癌', 9), ('食道癌', 7), ('悪性リンパ腫', 10), ('白血病', 8), ('膀胱癌', 7), ('腎癌', 5),
    ('子宮頚癌', 3), ('卵巣癌', 3), ('多発性骨髄腫', 3), ('胆のう癌', 8), ('直腸癌', 8),
    ('急性心筋梗塞', 20), ('心不全', 60), ('慢性心不全', 20), ('不整脈', 20), ('虚血性心疾患', 17),
    ('大動脈弁狭窄症', 10),
    ('老衰', 121),
    ('脳梗塞', 38), ('脳出血', 20), ('くも膜下出血', 8),
    ('肺炎', 48), ('誤嚥性肺炎', 38), ('間質性肺炎', 15), ('慢性閉塞性肺疾患', 11),
    ('腎不全', 12), ('慢性腎不全', 8),
    ('アルツハイマー型認知症', 16), ('血管性認知症', 16),
    ('敗血症', 10), ('肝硬変症', 6), ('急性大動脈解離', 12), ('パーキンソン病', 8), ('糖尿病', 10),
    ('高血圧性心疾患', 6),
]

# Procedures by code (医科診療行為 master), group.
PROCEDURES = [
    ('111000110', 'first_visit'), ('111013770', 'first_visit_addon'), ('111703170', 'first_visit_addon'),
    ('111000570', 'first_visit_addon'), ('111000670', 'first_visit_addon'),
    ('112007410', 'revisit'), ('112011310', 'revisit_hospital'), ('112011010', 'revisit_addon'),
    ('112708870', 'revisit_addon'), ('112015770', 'revisit_addon'), ('112001110', 'revisit_addon'),
    ('112001210', 'revisit_addon'), ('112021770', 'revisit_addon'),
    ('113001810', 'management'), ('113001910', 'management'), ('113707110', 'management'),
    ('113041810', 'management_hypertension'), ('113041910', 'management_diabetes'),
    ('113041710', 'management_dyslipidemia'), ('113002210', 'management_pediatric'),
    ('113002850', 'management_epilepsy'), ('113000410', 'management_drug_level'),
    ('120002910', 'prescription'), ('120003570', 'prescription_addon'), ('120004270', 'prescription_addon'),
    ('120005710', 'prescription_addon'), ('120001210', 'prescription_inhouse'),
    ('120000710', 'dispensing_inhouse'), ('120001010', 'dispensing_inhouse'),
    ('160008010', 'lab_test'), ('160010010', 'lab_test'), ('160022510', 'lab_test'), ('160022610', 'lab_test'),
    ('160020410', 'lab_test'), ('160167250', 'lab_test'), ('160023410', 'lab_test'), ('160020910', 'lab_test'),
    ('160019410', 'lab_test'), ('160019210', 'lab_test'), ('160019310', 'lab_test'), ('160019010', 'lab_test'),
    ('160021110', 'lab_test'), ('160021410', 'lab_test'), ('160017410', 'lab_test'), ('160018910', 'lab_test'),
    ('160054710', 'lab_test'), ('160000310', 'lab_test'), ('160005010', 'lab_test'), ('160162350', 'lab_test'),
    ('160031710', 'lab_test'), ('160033310', 'lab_test'), ('160037510', 'lab_test'),
    ('160169450', 'lab_test_acute'), ('160229850', 'lab_test_acute'),
    ('160095710', 'lab_collection'), ('160061710', 'lab_judgement'), ('160061810', 'lab_judgement'),
    ('160061910', 'lab_judgement'), ('160062110', 'lab_judgement'), ('160170170', 'lab_judgement'),
    ('160177770', 'lab_judgement'),
    ('160068410', 'physiology'), ('160072210', 'physiology'), ('160072510', 'physiology'),
    ('160170410', 'physiology'), ('160082910', 'physiology'), ('160203810', 'physiology'),
    ('160093810', 'endoscopy'),
    ('170027910', 'imaging'), ('170000410', 'imaging'), ('170000210', 'imaging'), ('170011710', 'imaging_ct'),
    ('170015410', 'imaging_ct'), ('170028810', 'imaging_ct'), ('170015210', 'imaging_mri'),
    ('130003510', 'injection'), ('130003810', 'injection'), ('130000510', 'injection'),
    ('140002210', 'treatment'), ('140000610', 'treatment'),
    ('180755710', 'rehabilitation'), ('180745310', 'rehabilitation'),
    ('190117710', 'inpatient'), ('190077510', 'inpatient'), ('190172010', 'inpatient_addon'),
    ('190832010', 'inpatient_addon'), ('197000110', 'inpatient_meal'), ('120001610', 'inpatient_addon'),
    ('160073510', 'inpatient_addon'), ('140005610', 'inpatient_addon'), ('120001110', 'inpatient_addon'),
    ('114001110', 'home_visit'), ('114000110', 'home_visit'),
]

# Drugs: (name prefix in the master's 漢字名称, group, how many products to take).
DRUGS = [
    # hypertension
    ('アムロジピン錠５ｍｇ', 'oral_drug:hypertension', 2), ('アムロジピンＯＤ錠５ｍｇ', 'oral_drug:hypertension', 1),
    ('ノルバスク錠５ｍｇ', 'oral_drug:hypertension', 1), ('アムロジン錠５ｍｇ', 'oral_drug:hypertension', 1),
    ('ニフェジピンＣＲ錠２０ｍｇ', 'oral_drug:hypertension', 1), ('アダラートＣＲ錠２０ｍｇ', 'oral_drug:hypertension', 1),
    ('カンデサルタン錠８ｍｇ', 'oral_drug:hypertension', 1), ('ブロプレス錠８', 'oral_drug:hypertension', 1),
    ('オルメサルタン錠２０ｍｇ', 'oral_drug:hypertension', 1), ('オルメテックＯＤ錠２０ｍｇ', 'oral_drug:hypertension', 1),
    ('テルミサルタン錠４０ｍｇ', 'oral_drug:hypertension', 1), ('ミカルディス錠４０ｍｇ', 'oral_drug:hypertension', 1),
    ('アジルバ錠２０ｍｇ', 'oral_drug:hypertension', 1), ('バルサルタン錠８０ｍｇ', 'oral_drug:hypertension', 1),
    ('ロサルタンカリウム錠５０ｍｇ', 'oral_drug:hypertension', 1), ('エナラプリルマレイン酸塩錠５ｍｇ', 'oral_drug:hypertension', 1),
    ('ビソプロロールフマル酸塩錠２．５ｍｇ', 'oral_drug:hypertension', 1), ('カルベジロール錠１０ｍｇ', 'oral_drug:hypertension', 1),
    ('アゼルニジピン錠１６ｍｇ', 'oral_drug:hypertension', 1), ('シルニジピン錠１０ｍｇ', 'oral_drug:hypertension', 1),
    ('トリクロルメチアジド錠２ｍｇ', 'oral_drug:hypertension', 1), ('ドキサゾシン錠２ｍｇ', 'oral_drug:hypertension', 1),
    ('エックスフォージ配合錠', 'oral_drug:hypertension', 1), ('ミカムロ配合錠ＡＰ', 'oral_drug:hypertension', 1),
    # diabetes
    ('メトホルミン塩酸塩錠２５０ｍｇＭＴ', 'oral_drug:diabetes', 2), ('メトグルコ錠２５０ｍｇ', 'oral_drug:diabetes', 1),
    ('ジャヌビア錠５０ｍｇ', 'oral_drug:diabetes', 1), ('グラクティブ錠５０ｍｇ', 'oral_drug:diabetes', 1),
    ('テネリア錠２０ｍｇ', 'oral_drug:diabetes', 1), ('トラゼンタ錠５ｍｇ', 'oral_drug:diabetes', 1),
    ('エクア錠５０ｍｇ', 'oral_drug:diabetes', 1), ('ネシーナ錠２５ｍｇ', 'oral_drug:diabetes', 1),
    ('グリメピリド錠１ｍｇ', 'oral_drug:diabetes', 1), ('アマリール１ｍｇ錠', 'oral_drug:diabetes', 1),
    ('ピオグリタゾン錠１５ｍｇ', 'oral_drug:diabetes', 1), ('ボグリボースＯＤ錠０．２ｍｇ', 'oral_drug:diabetes', 1),
    ('フォシーガ錠５ｍｇ', 'oral_drug:diabetes', 1), ('ジャディアンス錠１０ｍｇ', 'oral_drug:diabetes', 1),
    ('カナグル錠１００ｍｇ', 'oral_drug:diabetes', 1), ('スーグラ錠５０ｍｇ', 'oral_drug:diabetes', 1),
    ('リベルサス錠７ｍｇ', 'oral_drug:diabetes', 1), ('グリクラジド錠４０ｍｇ', 'oral_drug:diabetes', 1),
    # dyslipidemia
    ('ロスバスタチン錠２．５ｍｇ', 'oral_drug:dyslipidemia', 2), ('クレストール錠２．５ｍｇ', 'oral_drug:dyslipidemia', 1),
    ('アトルバスタチン錠１０ｍｇ', 'oral_drug:dyslipidemia', 1), ('リピトール錠１０ｍｇ', 'oral_drug:dyslipidemia', 1),
    ('ピタバスタチンＣａ錠２ｍｇ', 'oral_drug:dyslipidemia', 1), ('リバロ錠２ｍｇ', 'oral_drug:dyslipidemia', 1),
    ('プラバスタチンＮａ錠１０ｍｇ', 'oral_drug:dyslipidemia', 1), ('メバロチン錠１０', 'oral_drug:dyslipidemia', 1),
    ('エゼチミブ錠１０ｍｇ', 'oral_drug:dyslipidemia', 1), ('ゼチーア錠１０ｍｇ', 'oral_drug:dyslipidemia', 1),
    ('ベザフィブラート徐放錠２００ｍｇ', 'oral_drug:dyslipidemia', 1), ('パルモディア錠０．１ｍｇ', 'oral_drug:dyslipidemia', 1),
    ('フェノフィブラート錠８０ｍｇ', 'oral_drug:dyslipidemia', 1), ('ロトリガ粒状カプセル２ｇ', 'oral_drug:dyslipidemia', 1),
    # acute
    ('ロキソプロフェンＮａ錠６０ｍｇ', 'oral_drug:acute', 2), ('ロキソニン錠６０ｍｇ', 'oral_drug:acute', 1),
    ('カロナール錠２００', 'oral_drug:acute', 1), ('アセトアミノフェン錠２００ｍｇ', 'oral_drug:acute', 1),
    ('カルボシステイン錠５００ｍｇ', 'oral_drug:acute', 1), ('ムコダイン錠５００ｍｇ', 'oral_drug:acute', 1),
    ('アンブロキソール塩酸塩錠１５ｍｇ', 'oral_drug:acute', 1), ('メジコン錠１５ｍｇ', 'oral_drug:acute', 1),
    ('デキストロメトルファン臭化水素酸塩錠１５ｍｇ', 'oral_drug:acute', 1), ('トラネキサム酸錠２５０ｍｇ', 'oral_drug:acute', 1),
    ('クラリスロマイシン錠２００ｍｇ', 'oral_drug:acute', 1), ('アジスロマイシン錠２５０ｍｇ', 'oral_drug:acute', 1),
    ('レボフロキサシン錠５００ｍｇ', 'oral_drug:acute', 1), ('セフカペンピボキシル塩酸塩錠１００ｍｇ', 'oral_drug:acute', 1),
    ('アモキシシリンカプセル２５０ｍｇ', 'oral_drug:acute', 1), ('レバミピド錠１００ｍｇ', 'oral_drug:acute', 1),
    ('ムコスタ錠１００ｍｇ', 'oral_drug:acute', 1), ('タミフルカプセル７５', 'oral_drug:acute', 1),
    ('ゾフルーザ錠２０ｍｇ', 'oral_drug:acute', 1), ('ツムラ葛根湯エキス顆粒', 'oral_drug:acute', 1),
    ('ツムラ麻黄湯エキス顆粒', 'oral_drug:acute', 1), ('ビオフェルミンＲ錠', 'oral_drug:acute', 1),
    # allergy
    ('フェキソフェナジン塩酸塩錠６０ｍｇ', 'oral_drug:allergy', 1), ('アレグラ錠６０ｍｇ', 'oral_drug:allergy', 1),
    ('ビラノア錠２０ｍｇ', 'oral_drug:allergy', 1), ('デザレックス錠５ｍｇ', 'oral_drug:allergy', 1),
    ('オロパタジン塩酸塩錠５ｍｇ', 'oral_drug:allergy', 1), ('エピナスチン塩酸塩錠２０ｍｇ', 'oral_drug:allergy', 1),
    ('レボセチリジン塩酸塩錠５ｍｇ', 'oral_drug:allergy', 1), ('ザイザル錠５ｍｇ', 'oral_drug:allergy', 1),
    ('モンテルカスト錠１０ｍｇ', 'oral_drug:allergy', 1), ('ルパフィン錠１０ｍｇ', 'oral_drug:allergy', 1),
    # orthopedic (oral + topical)
    ('セレコキシブ錠１００ｍｇ', 'oral_drug:orthopedic', 1), ('セレコックス錠１００ｍｇ', 'oral_drug:orthopedic', 1),
    ('ジクロフェナクＮａ錠２５ｍｇ', 'oral_drug:orthopedic', 1), ('トラムセット配合錠', 'oral_drug:orthopedic', 1),
    ('プレガバリンＯＤ錠２５ｍｇ', 'oral_drug:orthopedic', 1), ('リリカＯＤ錠２５ｍｇ', 'oral_drug:orthopedic', 1),
    ('タリージェ錠５ｍｇ', 'oral_drug:orthopedic', 1), ('エペリゾン塩酸塩錠５０ｍｇ', 'oral_drug:orthopedic', 1),
    ('メコバラミン錠５００', 'oral_drug:orthopedic', 1), ('ツムラ芍薬甘草湯エキス顆粒', 'oral_drug:orthopedic', 1),
    ('ロキソニンテープ５０ｍｇ', 'topical_drug:orthopedic', 1), ('ロキソプロフェンＮａテープ５０ｍｇ', 'topical_drug:orthopedic', 1),
    ('モーラステープ２０ｍｇ', 'topical_drug:orthopedic', 1), ('ケトプロフェンテープ２０ｍｇ', 'topical_drug:orthopedic', 1),
    ('ボルタレンテープ１５ｍｇ', 'topical_drug:orthopedic', 1), ('ロキソニンパップ１００ｍｇ', 'topical_drug:orthopedic', 1),
    ('ＭＳ冷シップ', 'topical_drug:orthopedic', 1),
    # elderly: osteoporosis, dementia, urology, constipation
    ('アレンドロン酸錠３５ｍｇ', 'oral_drug:elderly', 1), ('リセドロン酸Ｎａ錠１７．５ｍｇ', 'oral_drug:elderly', 1),
    ('エディロールカプセル０．７５', 'oral_drug:elderly', 1), ('アルファカルシドールカプセル０．５', 'oral_drug:elderly', 1),
    ('ミノドロン酸錠５０ｍｇ', 'oral_drug:elderly', 1), ('ドネペジル塩酸塩ＯＤ錠５ｍｇ', 'oral_drug:elderly', 1),
    ('アリセプトＤ錠５ｍｇ', 'oral_drug:elderly', 1), ('メマンチン塩酸塩ＯＤ錠１０ｍｇ', 'oral_drug:elderly', 1),
    ('メマリーＯＤ錠１０ｍｇ', 'oral_drug:elderly', 1), ('タムスロシン塩酸塩ＯＤ錠０．２ｍｇ', 'oral_drug:elderly', 1),
    ('ナフトピジルＯＤ錠５０ｍｇ', 'oral_drug:elderly', 1), ('シロドシン錠４ｍｇ', 'oral_drug:elderly', 1),
    ('ベタニス錠５０ｍｇ', 'oral_drug:elderly', 1), ('ベオーバ錠５０ｍｇ', 'oral_drug:elderly', 1),
    ('酸化マグネシウム錠３３０ｍｇ', 'oral_drug:elderly', 2), ('センノシド錠１２ｍｇ', 'oral_drug:elderly', 1),
    ('アミティーザカプセル２４', 'oral_drug:elderly', 1), ('ツムラ抑肝散エキス顆粒', 'oral_drug:elderly', 1),
    ('ツムラ大建中湯エキス顆粒', 'oral_drug:elderly', 1), ('ツムラ補中益気湯エキス顆粒', 'oral_drug:elderly', 1),
    # sleep / psychiatric
    ('ゾルピデム酒石酸塩錠５ｍｇ', 'oral_drug:psychiatric', 1), ('ブロチゾラムＯＤ錠０．２５ｍｇ', 'oral_drug:psychiatric', 1),
    ('エスゾピクロン錠１ｍｇ', 'oral_drug:psychiatric', 1), ('ベルソムラ錠１５ｍｇ', 'oral_drug:psychiatric', 1),
    ('デエビゴ錠５ｍｇ', 'oral_drug:psychiatric', 1), ('ロゼレム錠８ｍｇ', 'oral_drug:psychiatric', 1),
    ('エチゾラム錠０．５ｍｇ', 'oral_drug:psychiatric', 1), ('アルプラゾラム錠０．４ｍｇ', 'oral_drug:psychiatric', 1),
    ('セルトラリン錠２５ｍｇ', 'oral_drug:psychiatric', 1), ('レクサプロ錠１０ｍｇ', 'oral_drug:psychiatric', 1),
    ('ミルタザピン錠１５ｍｇ', 'oral_drug:psychiatric', 1), ('デュロキセチンカプセル２０ｍｇ', 'oral_drug:psychiatric', 1),
    # cardiac / cerebrovascular
    ('ワーファリン錠１ｍｇ', 'oral_drug:cardiac', 1), ('エリキュース錠５ｍｇ', 'oral_drug:cardiac', 1),
    ('イグザレルト錠１５ｍｇ', 'oral_drug:cardiac', 1), ('リクシアナ錠３０ｍｇ', 'oral_drug:cardiac', 1),
    ('バイアスピリン錠１００ｍｇ', 'oral_drug:cardiac', 1), ('アスピリン腸溶錠１００ｍｇ', 'oral_drug:cardiac', 1),
    ('クロピドグレル錠７５ｍｇ', 'oral_drug:cardiac', 1), ('フロセミド錠２０ｍｇ', 'oral_drug:cardiac', 1),
    ('ラシックス錠２０ｍｇ', 'oral_drug:cardiac', 1), ('スピロノラクトン錠２５ｍｇ', 'oral_drug:cardiac', 1),
    ('アゾセミド錠３０ｍｇ', 'oral_drug:cardiac', 1), ('一硝酸イソソルビド錠２０ｍｇ', 'oral_drug:cardiac', 1),
    ('シロスタゾール錠５０ｍｇ', 'oral_drug:cerebrovascular', 1), ('プラビックス錠７５ｍｇ', 'oral_drug:cerebrovascular', 1),
    # gastro
    ('ランソプラゾールＯＤ錠１５ｍｇ', 'oral_drug:gastro', 1), ('タケプロンＯＤ錠１５', 'oral_drug:gastro', 1),
    ('ネキシウムカプセル２０ｍｇ', 'oral_drug:gastro', 1), ('タケキャブ錠１０ｍｇ', 'oral_drug:gastro', 1),
    ('ファモチジン錠２０ｍｇ', 'oral_drug:gastro', 1), ('ラベプラゾールＮａ錠１０ｍｇ', 'oral_drug:gastro', 1),
    ('モサプリドクエン酸塩錠５ｍｇ', 'oral_drug:gastro', 1), ('ツムラ六君子湯エキス顆粒', 'oral_drug:gastro', 1),
    ('ミヤＢＭ錠', 'oral_drug:gastro', 1),
    # endocrine / uric acid
    ('フェブキソスタット錠２０ｍｇ', 'oral_drug:endocrine', 1), ('フェブリク錠２０ｍｇ', 'oral_drug:endocrine', 1),
    ('アロプリノール錠１００ｍｇ', 'oral_drug:endocrine', 1), ('チラーヂンＳ錠５０', 'oral_drug:endocrine', 1),
    ('レボチロキシンＮａ錠５０', 'oral_drug:endocrine', 1), ('メルカゾール錠５ｍｇ', 'oral_drug:endocrine', 1),
    ('クエン酸第一鉄Ｎａ錠５０ｍｇ', 'oral_drug:endocrine', 1), ('フェロミア錠５０ｍｇ', 'oral_drug:endocrine', 1),
    # respiratory (oral + inhaled)
    ('シングレア錠１０ｍｇ', 'oral_drug:respiratory', 1), ('キプレス錠１０ｍｇ', 'oral_drug:respiratory', 1),
    ('テオフィリン徐放錠１００ｍｇ', 'oral_drug:respiratory', 1),
    ('レルベア１００エリプタ', 'topical_drug:respiratory', 1), ('シムビコートタービュヘイラー', 'topical_drug:respiratory', 1),
    ('スピリーバ２．５μｇレスピマット', 'topical_drug:respiratory', 1), ('テリルジー１００エリプタ', 'topical_drug:respiratory', 1),
    # dermatology (topical)
    ('ヒルドイドソフト軟膏０．３％', 'topical_drug:dermatology', 1), ('ヘパリン類似物質油性クリーム０．３％', 'topical_drug:dermatology', 1),
    ('ヒルドイドローション０．３％', 'topical_drug:dermatology', 1), ('リンデロン－ＶＧ軟膏０．１２％', 'topical_drug:dermatology', 1),
    ('アンテベート軟膏０．０５％', 'topical_drug:dermatology', 1), ('デルモベート軟膏０．０５％', 'topical_drug:dermatology', 1),
    ('ロコイド軟膏０．１％', 'topical_drug:dermatology', 1), ('キンダベート軟膏０．０５％', 'topical_drug:dermatology', 1),
    ('プロトピック軟膏０．１％', 'topical_drug:dermatology', 1), ('白色ワセリン', 'topical_drug:dermatology', 1),
    ('ゲンタシン軟膏０．１％', 'topical_drug:dermatology', 1), ('ルリコンクリーム１％', 'topical_drug:dermatology', 1),
    ('ラミシールクリーム１％', 'topical_drug:dermatology', 1), ('ケトコナゾールクリーム２％', 'topical_drug:dermatology', 1),
    ('アズノール軟膏０．０３３％', 'topical_drug:dermatology', 1), ('ディフェリンゲル０．１％', 'topical_drug:dermatology', 1),
    ('アクアチムクリーム１％', 'topical_drug:dermatology', 1), ('コレクチム軟膏０．５％', 'topical_drug:dermatology', 1),
    # eye (topical)
    ('ヒアレイン点眼液０．１％', 'topical_drug:eye', 1), ('ジクアス点眼液３％', 'topical_drug:eye', 1),
    ('ラタノプロスト点眼液０．００５％', 'topical_drug:eye', 1), ('キサラタン点眼液０．００５％', 'topical_drug:eye', 1),
    ('クラビット点眼液１．５％', 'topical_drug:eye', 1), ('パタノール点眼液０．１％', 'topical_drug:eye', 1),
    ('アレジオン点眼液０．０５％', 'topical_drug:eye', 1), ('フルメトロン点眼液０．１％', 'topical_drug:eye', 1),
    ('タプロス点眼液０．００１５％', 'topical_drug:eye', 1),
    # inpatient (oral drugs common on wards; further products of the same ingredients where listed above)
    ('アセトアミノフェン錠５００ｍｇ', 'oral_drug:inpatient', 1), ('ランソプラゾールＯＤ錠３０ｍｇ', 'oral_drug:inpatient', 1),
    ('酸化マグネシウム錠２５０ｍｇ', 'oral_drug:inpatient', 1), ('センノシド錠１２ｍｇ', 'oral_drug:inpatient', 1),
    ('フロセミド錠４０ｍｇ', 'oral_drug:inpatient', 1), ('レボフロキサシン錠２５０ｍｇ', 'oral_drug:inpatient', 1),
    ('アムロジピン錠２．５ｍｇ', 'oral_drug:inpatient', 1), ('ブロチゾラムＯＤ錠０．２５ｍｇ', 'oral_drug:inpatient', 1),
    ('ベルソムラ錠１０ｍｇ', 'oral_drug:inpatient', 1), ('デエビゴ錠２．５ｍｇ', 'oral_drug:inpatient', 1),
    ('ファモチジン錠１０ｍｇ', 'oral_drug:inpatient', 1), ('カルボシステイン錠２５０ｍｇ', 'oral_drug:inpatient', 1),
    # allergy (nasal)
    ('アラミスト点鼻液２７．５μｇ', 'topical_drug:allergy', 1), ('ナゾネックス点鼻液５０μｇ', 'topical_drug:allergy', 1),
]

# DOMAIN §3.3 (17-char 特定健診 item codes = JLAC10-style); (code, name, unit, group).
CHECKUP_ITEMS = [
    ('9N001000000000001', '身長', 'cm', 'checkup_core'),
    ('9N006000000000001', '体重', 'kg', 'checkup_core'),
    ('9N011000000000001', 'BMI', 'kg/m2', 'checkup_core'),
    ('9N016160100000001', '腹囲（実測）', 'cm', 'checkup_core'),
    ('9N016160200000001', '腹囲（自己測定）', 'cm', 'checkup_variant'),
    ('9N016160300000001', '腹囲（自己申告）', 'cm', 'checkup_variant'),
    ('9N021000000000001', '内臓脂肪面積', 'cm2', 'checkup_variant'),
    ('9A751000000000001', '収縮期血圧（1回目）', 'mmHg', 'checkup_core'),
    ('9A752000000000001', '収縮期血圧（2回目）', 'mmHg', 'checkup_variant'),
    ('9A755000000000001', '収縮期血圧（その他）', 'mmHg', 'checkup_variant'),
    ('9A761000000000001', '拡張期血圧（1回目）', 'mmHg', 'checkup_core'),
    ('9A762000000000001', '拡張期血圧（2回目）', 'mmHg', 'checkup_variant'),
    ('9A765000000000001', '拡張期血圧（その他）', 'mmHg', 'checkup_variant'),
    ('3F015000002327101', '空腹時中性脂肪（可視吸光光度法）', 'mg/dL', 'checkup_core'),
    ('3F015000002327201', '空腹時中性脂肪（紫外吸光光度法）', 'mg/dL', 'checkup_variant'),
    ('3F015000002399901', '空腹時中性脂肪（その他）', 'mg/dL', 'checkup_variant'),
    ('3F015129902327101', '随時中性脂肪（可視吸光光度法）', 'mg/dL', 'checkup_variant'),
    ('3F070000002327101', 'HDLコレステロール（可視吸光光度法）', 'mg/dL', 'checkup_core'),
    ('3F070000002327201', 'HDLコレステロール（紫外吸光光度法）', 'mg/dL', 'checkup_variant'),
    ('3F070000002399901', 'HDLコレステロール（その他）', 'mg/dL', 'checkup_variant'),
    ('3F077000002327101', 'LDLコレステロール（可視吸光光度法）', 'mg/dL', 'checkup_core'),
    ('3F077000002327201', 'LDLコレステロール（紫外吸光光度法）', 'mg/dL', 'checkup_variant'),
    ('3F077000002399901', 'LDLコレステロール（その他）', 'mg/dL', 'checkup_variant'),
    ('3F069000002391901', 'Non-HDLコレステロール', 'mg/dL', 'checkup_variant'),
    ('3B035000002327201', 'AST（GOT）（紫外吸光光度法）', 'U/L', 'checkup_core'),
    ('3B035000002399901', 'AST（GOT）（その他）', 'U/L', 'checkup_variant'),
    ('3B045000002327201', 'ALT（GPT）（紫外吸光光度法）', 'U/L', 'checkup_core'),
    ('3B045000002399901', 'ALT（GPT）（その他）', 'U/L', 'checkup_variant'),
    ('3B090000002327101', 'γ-GT（可視吸光光度法）', 'U/L', 'checkup_core'),
    ('3B090000002399901', 'γ-GT（その他）', 'U/L', 'checkup_variant'),
    ('3D010000001926101', '空腹時血糖（電位差法）', 'mg/dL', 'checkup_core'),
    ('3D010000002227101', '空腹時血糖（可視吸光光度法）', 'mg/dL', 'checkup_variant'),
    ('3D010000001927201', '空腹時血糖（紫外吸光光度法）', 'mg/dL', 'checkup_variant'),
    ('3D010000001999901', '空腹時血糖（その他）', 'mg/dL', 'checkup_variant'),
    ('3D010129901926101', '随時血糖（電位差法）', 'mg/dL', 'checkup_variant'),
    ('3D046000001906202', 'HbA1c（NGSP値）（免疫学的方法）', '%', 'checkup_core'),
    ('3D046000001920402', 'HbA1c（NGSP値）（HPLC）', '%', 'checkup_variant'),
    ('3D046000001927102', 'HbA1c（NGSP値）（酵素法）', '%', 'checkup_variant'),
    ('3D046000001999902', 'HbA1c（NGSP値）（その他）', '%', 'checkup_variant'),
    ('1A020000000191111', '尿糖（機械読み取り）', '', 'checkup_core'),
    ('1A020000000190111', '尿糖（目視法）', '', 'checkup_variant'),
    ('1A010000000191111', '尿蛋白（機械読み取り）', '', 'checkup_core'),
    ('1A010000000190111', '尿蛋白（目視法）', '', 'checkup_variant'),
    ('2A030000001930101', '血色素量', 'g/dL', 'checkup_detail'),
    ('2A040000001930102', 'ヘマトクリット値', '%', 'checkup_detail'),
    ('2A020000001930101', '赤血球数', '万/µL', 'checkup_detail'),
    ('3C015000002327101', '血清クレアチニン', 'mg/dL', 'checkup_detail'),
    ('8A065000002391901', 'eGFR', 'mL/min/1.73m2', 'checkup_detail'),
    ('9N701000000000011', '服薬1（血圧）', '', 'checkup_question'),
    ('9N706000000000011', '服薬2（血糖）', '', 'checkup_question'),
    ('9N711000000000011', '服薬3（脂質）', '', 'checkup_question'),
    ('9N736000000000011', '喫煙', '', 'checkup_question'),
    ('9N056000000000011', '既往歴', '', 'checkup_text'),
    ('9N056160400000049', '既往歴（具体的な既往歴）', '', 'checkup_text'),
    ('9N061000000000011', '自覚症状', '', 'checkup_text'),
    ('9N066000000000011', '他覚症状', '', 'checkup_text'),
    ('9N511000000000049', '医師の判断', '', 'checkup_text'),
]

# Lab items for SS-MIX2 OBX: the same JLAC10 codes, one (primary method) per analyte.
LAB_ITEMS = [
    ('3D046000001906202', 'HbA1c（NGSP）', '%', 'lab_core'),
    ('3D010000001926101', '血糖', 'mg/dL', 'lab_core'),
    ('3F015000002327101', '中性脂肪', 'mg/dL', 'lab_core'),
    ('3F070000002327101', 'HDLコレステロール', 'mg/dL', 'lab_core'),
    ('3F077000002327101', 'LDLコレステロール', 'mg/dL', 'lab_core'),
    ('3B035000002327201', 'AST（GOT）', 'U/L', 'lab_core'),
    ('3B045000002327201', 'ALT（GPT）', 'U/L', 'lab_core'),
    ('3B090000002327101', 'γ-GT', 'U/L', 'lab_core'),
    ('3C015000002327101', 'クレアチニン', 'mg/dL', 'lab_core'),
    ('2A030000001930101', '血色素量', 'g/dL', 'lab_core'),
    ('2A040000001930102', 'ヘマトクリット', '%', 'lab_core'),
    ('2A020000001930101', '赤血球数', '万/µL', 'lab_core'),
    ('8A065000002391901', 'eGFR', 'mL/min/1.73m2', 'lab_extra'),
]

# DOMAIN §4.3 table: (variant, common, variant in JIS X 0208?).
KANJI_VARIANTS = [
    ('髙', '高', 0), ('﨑', '崎', 0), ('邊', '辺', 1), ('邉', '辺', 1), ('齋', '斎', 1), ('齊', '斉', 1),
    ('澤', '沢', 1), ('濱', '浜', 1), ('德', '徳', 0), ('𠮷', '吉', 0),
]


def points_int(text, what):
    v = float(text)
    if v != int(v):
        raise SystemExit(f'{what}: non-integer points {text}')
    return int(v)


def build_codes(shared):
    # diagnoses
    b = read_cp932_csv(os.path.join(shared, 'masters/b_20240601.txt'))
    by_name = {}
    for r in b:
        if r[18] == '00' and r[19] == '0' and r[15]:
            by_name.setdefault(r[5], r)
    diag, seen, missing = [], set(), []
    for group, names in DIAGNOSES.items():
        for n in names.split():
            r = by_name.get(n)
            if r is None:
                missing.append(n)
                continue
            if r[2] in seen:
                continue
            seen.add(r[2])
            diag.append((r[2], r[5], r[15], '', 0, group, 1))
    if missing:
        raise SystemExit(f'diagnoses not in the master: {missing}')
    diag.sort(key=lambda r: (r[5], r[0]))
    write_tsv('diagnoses.tsv', CODE_HEADER, diag)

    deaths = []
    for n, w in DEATH_CAUSES:
        r = by_name.get(n)
        if r is None:
            raise SystemExit(f'death cause not in the master: {n}')
        deaths.append((r[15], r[5], r[15], '', 0, 'death_cause', w))
    deaths.sort(key=lambda r: (r[5], r[0], r[1]))
    write_tsv('death_causes.tsv', CODE_HEADER, deaths)

    # procedures
    s = {r[2]: r for r in read_cp932_csv(os.path.join(shared, 'masters/s_ALL20240531.csv'))}
    procs = []
    for code, group in PROCEDURES:
        r = s.get(code)
        if r is None:
            raise SystemExit(f'procedure {code} not in the master')
        procs.append((code, r[4], '', '', points_int(r[11], code), group, 1))
    procs.sort(key=lambda r: (r[5], r[0]))
    write_tsv('procedures.tsv', CODE_HEADER, procs)

    # drugs
    y = read_cp932_csv(os.path.join(shared, 'masters/y_ALL20240531.csv'))
    y.sort(key=lambda r: r[2])
    drugs, seen, missing = [], set(), []
    for prefix, group, k in DRUGS:
        hits = [r for r in y if r[4].startswith(prefix) and float(r[11]) > 0 and r[2] not in seen]
        if not hits:
            missing.append(prefix)
            continue
        for r in hits[:k]:
            seen.add(r[2])
            price = round(float(r[11]) * 100)
            drugs.append((r[2], r[4], '', r[9], price, group, 1))
    if missing:
        raise SystemExit(f'drugs not in the master: {missing}')
    drugs.sort(key=lambda r: (r[5], r[0]))
    write_tsv('drugs.tsv', CODE_HEADER, drugs)

    write_tsv('checkup_items.tsv', CODE_HEADER,
              sorted(((c, n, '', u, 0, g, 1) for c, n, u, g in CHECKUP_ITEMS), key=lambda r: (r[5], r[0])))
    write_tsv('lab_items.tsv', CODE_HEADER,
              sorted(((c, n, '', u, 0, g, 1) for c, n, u, g in LAB_ITEMS), key=lambda r: (r[5], r[0])))
    write_tsv('kanji_variants.tsv', ['variant', 'common', 'in_jis_x0208'], KANJI_VARIANTS)
    for v, c, jis in KANJI_VARIANTS:
        try:
            v.encode('iso2022_jp')
            enc = 1
        except UnicodeEncodeError:
            enc = 0
        if enc != jis:
            raise SystemExit(f'JIS X 0208 flag of {v} disagrees with the ISO-2022-JP codec')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--shared', default=os.path.normpath(os.path.join(HERE, '../../../../shared/data')))
    args = ap.parse_args()
    shared = args.shared
    if not os.path.isdir(shared):
        raise SystemExit(f'shared data folder not found: {shared}')
    build_surnames(shared)
    build_given_names(shared)
    pop = build_population(shared)
    munis, dropped = build_geo(shared, pop)
    print('municipalities without postal areas (dropped):', ', '.join(f'{c} {n}' for c, n in dropped))
    build_codes(shared)
    total = sum(os.path.getsize(os.path.join(HERE, f)) for f in os.listdir(HERE) if f.endswith('.tsv'))
    print(f'total {total:,} bytes')


if __name__ == '__main__':
    sys.exit(main())
