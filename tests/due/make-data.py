#!/usr/bin/python3
"""tests/due/make-data.py - write the synthetic deadline corpus of tests/due/data/.

Each collection varies the one date a deadline depends on, starting from a
rule example of tests/rules/ (valid documents): month ends, leap years and
the fiscal-year boundary.  The expected lists (tests/cli/kaigo-due/*/expected.stdout)
are written by hand from the regulation, not from this script or the tool.
Run from the top of the tree: /usr/bin/python3 tests/due/make-data.py
"""
import re

R = 'tests/rules/'
D = 'tests/due/data/'


def body(path):
    """a rule example without its leading comment and XML declaration"""
    s = open(R + path).read()
    s = re.sub(r'\A<!--.*?-->\n', '', s, flags=re.S)
    return re.sub(r'\A<\?xml[^>]*\?>\n', '', s)


def collection(name, root, ns, docs, note):
    with open(D + name, 'w') as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<!-- %s -->\n<%s xmlns="%s">\n' % (note, root, ns))
        for d in docs:
            f.write(d.replace(' xmlns="%s"' % ns, '', 1))
        f.write('</%s>\n' % root)


def plan(src, insured, plan_date, consent, filed=None):
    s = body(src)
    s = s.replace('<insuredNumber>0001234567</insuredNumber>', '<insuredNumber>%s</insuredNumber>' % insured, 1)
    s = s.replace('<planDate>2025-04-25</planDate>', '<planDate>%s</planDate>' % plan_date, 1)
    s = re.sub(r'(<planConsent>.*?<consentedOn>)[^<]*(</consentedOn>\s*<deliveredOn>)[^<]*(</deliveredOn>)',
               r'\g<1>%s\g<2>%s\g<3>' % (consent, consent), s, count=1, flags=re.S)
    if filed is None:
        s = re.sub(r'\s*<municipalFiling>.*?</municipalFiling>', '', s, flags=re.S)
    else:
        s = re.sub(r'<filedOn>[^<]*</filedOn>', '<filedOn>%s</filedOn>' % filed, s)
    return s


CP = 'urn:kaigo:careplan:1'
# 生活援助中心型の届出: delivered on the date given, due the last day of the next month
collection('living-assistance.xml', 'CarePlans', CP, [
    plan('cp.living-assistance-filing-overdue/fail.xml', '0000000001', '2024-01-29', '2024-01-31'),
    plan('cp.living-assistance-filing-overdue/fail.xml', '0000000002', '2025-12-10', '2025-12-15'),
    plan('cp.living-assistance-filing-overdue/fail.xml', '0000000003', '2023-01-30', '2023-01-31'),
    plan('cp.living-assistance-filing-overdue/pass.xml', '0000000004', '2024-01-29', '2024-01-31', filed='2024-02-20'),
], '生活援助中心型の届出: 交付 2024-01-31 / 2025-12-15 / 2023-01-31（未届出）、2024-01-31（届出済み）')


def meeting(src, insured, held):
    s = body(src)
    s = s.replace('<insuredNumber>0001234567</insuredNumber>', '<insuredNumber>%s</insuredNumber>' % insured, 1)
    return s.replace('<heldOn>2025-04-22</heldOn>', '<heldOn>%s</heldOn>' % held, 1)


# 記録の保存: a meeting on 2020-02-29 and one on 2023-04-22 (no over-threshold month)
collection('retention.xml', 'CarePlans', CP, [
    meeting('cp.contract-signature/pass.xml', '0000000011', '2020-02-29'),
    meeting('cp.contract-signature/pass.xml', '0000000012', '2023-04-22'),
], '記録の保存: 会議 2020-02-29、2023-04-22')


def manager(affiliation, held, insured):
    s = body('cp.manager-qualification-transition/fail.xml')
    s = s.replace('<insuredNumber>0001234567</insuredNumber>', '<insuredNumber>%s</insuredNumber>' % insured, 1)
    s = s.replace('<heldOn>2020-06-01</heldOn>', '<heldOn>%s</heldOn>' % held, 1)
    return s.replace('さくらケアプランセンター 管理者（介護支援専門員）', affiliation, 1)


collection('manager.xml', 'CarePlans', CP, [
    manager('さくらケアプランセンター 管理者（介護支援専門員）', '2020-06-01', '0000000021'),
    manager('さくらケアプランセンター 管理者（主任介護支援専門員）', '2020-06-01', '0000000022'),
    manager('さくらケアプランセンター 管理者（介護支援専門員）', '2018-03-31', '0000000023'),
], '管理者の経過措置: 2020-06-01 の会議の管理者（介護支援専門員 / 主任介護支援専門員）、2018-03-31 の会議')



def visit(insured, visited):
    s = body('cp.contract-signature/pass.xml')
    s = s.replace('<insuredNumber>0001234567</insuredNumber>', '<insuredNumber>%s</insuredNumber>' % insured, 1)
    return s.replace('<visitedOn>2025-05-27</visitedOn>', '<visitedOn>%s</visitedOn>' % visited, 1)


# モニタリング: the last visit 2024-01-31 (next month February of a leap year),
# 2025-12-15 (next month across the year end) and 2025-03-10 (next month is the
# first of a fiscal year)
collection('monitoring.xml', 'CarePlans', CP, [
    visit('0000000031', '2024-01-31'), visit('0000000032', '2025-12-15'), visit('0000000033', '2025-03-10'),
], 'モニタリング: 最後の訪問 2024-01-31、2025-12-15、2025-03-10')

EV = 'urn:kaigo:evaluation:1'


def result(src, office, fy=None, fees=None):
    s = body(src)
    s = s.replace('<officeNumber>2091001236</officeNumber>', '<officeNumber>%s</officeNumber>' % office, 1)
    if fy:
        s = s.replace('<fiscalYear>2024</fiscalYear>', '<fiscalYear>%s</fiscalYear>' % fy, 1)
    if fees is not None:
        pay = ''.join('\n    <feePayment kind="%s">\n      <amount>20000</amount>\n      <requestDate>%s</requestDate>%s\n    </feePayment>'
                      % (k, req, '\n      <paidDate>%s</paidDate>' % paid if paid else '') for k, req, paid in fees)
        s = re.sub(r'\s*<feePayment kind="\w+">.*?</feePayment>', '', s, flags=re.S)
        s = s.replace('\n  </procedure>', pay + '\n  </procedure>', 1)
    return s


# 次の評価: an FY2024 result (yearly), an FY2024 result meeting the relaxation
# (biennial external), and 評価手数料: requests 2024-02-15 (unpaid, leap year),
# 2025-03-20 (unpaid, across the fiscal-year end) and 2024-10-01 (paid)
collection('evaluations.xml', 'EvaluationResults', EV, [
    result('ev.fee-paid-within-days/pass.xml', '2091001236', fees=[
        ('deposit', '2024-02-15', None), ('balance', '2025-03-20', None), ('full', '2024-10-01', '2024-10-09')]),
    result('ev.biennial-eligible/fail.xml', '2091002457'),
], '次の自己評価・外部評価（2024年度、緩和の要件を満たす2024年度）と評価手数料')

EB = 'urn:kaigo:evaluationbody:1'


def body_ab(end, code):
    s = body('eb.abolition-notice/pass.xml')
    s = s.replace('<prefecture code="20">', '<prefecture code="%s">' % code, 1)
    return s.replace('<endDate>2025-05-31</endDate>', '<endDate>%s</endDate>' % end, 1).replace(
        '<notifiedDate>2025-02-20</notifiedDate>', '<notifiedDate>2024-01-10</notifiedDate>', 1)


collection('bodies.xml', 'EvaluationBodies', EB, [body_ab('2024-05-31', '20'), body_ab('2025-05-31', '19')],
           '評価事業の廃止: 事業終了 2024-05-31、2025-05-31')
