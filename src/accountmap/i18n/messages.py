"""The catalogue: every text a person reads, whole sentences with named placeholders, in
English and Japanese. Keys are ``area.name``; vocabularies are ``vocabulary.value``.

The map's own texts (``map.*`` and the vocabularies only the map shows) are in
``map_messages.py``; ``MESSAGES`` is the one catalogue of both. Tests check that every entry
has both languages with the same placeholders, and that a Japanese plan or map contains none
of the English texts.
"""

from __future__ import annotations

from .map_messages import MAP

M = dict[str, dict[str, str]]  # key -> language -> text

VALUES: M = {
    "value.unknown": {"en": "unknown", "ja": "不明"},
    "value.none": {"en": "none", "ja": "なし"},
    "value.na": {"en": "n/a", "ja": "対象外"},
    "value.yes": {"en": "yes", "ja": "あり"},
    "value.no": {"en": "no", "ja": "なし"},
    "value.unassigned": {"en": "unassigned", "ja": "未割当"},
    "list.separator": {"en": ", ", "ja": "、"},
    "mark.held": {"en": "✓", "ja": "✓"},
    "mark.gap": {"en": "✗ gap", "ja": "✗ 不足"},
}

KINDS: M = {
    "kind.group": {"en": "Group", "ja": "グループ"},
    "kind.company": {"en": "Company", "ja": "会社"},
    "kind.department": {"en": "Department", "ja": "部署"},
    "kind.stakeholder": {"en": "Customer stakeholder", "ja": "顧客担当者"},
    "kind.owner": {"en": "Our owner", "ja": "当社担当者"},
    "kind.product": {"en": "Product", "ja": "製品"},
}

OWNER_ROLES: M = {
    "owner_role.account_manager": {"en": "Account manager", "ja": "アカウントマネージャー"},
    "owner_role.account_executive": {"en": "Account executive", "ja": "新規営業（AE）"},
    "owner_role.customer_success": {"en": "Customer success", "ja": "カスタマーサクセス"},
    "owner_role.customer_sales": {"en": "Customer sales", "ja": "カスタマーセールス"},
    "owner_role.sales_engineer": {"en": "Sales engineer", "ja": "セールスエンジニア"},
    "owner_role.support": {"en": "Support", "ja": "サポート"},
    "owner_role.executive_sponsor": {"en": "Executive sponsor",
                                     "ja": "エグゼクティブスポンサー"},
    "owner_role.other": {"en": "Other", "ja": "その他"},
}

BUYING_ROLES: M = {
    "buying_role.champion": {"en": "Champion", "ja": "チャンピオン"},
    "buying_role.economic_buyer": {"en": "Economic buyer", "ja": "予算決裁者"},
    "buying_role.decision_maker": {"en": "Decision maker", "ja": "意思決定者"},
    "buying_role.technical_evaluator": {"en": "Technical evaluator", "ja": "技術評価者"},
    "buying_role.user": {"en": "User", "ja": "利用者"},
    "buying_role.influencer": {"en": "Influencer", "ja": "影響者"},
    "buying_role.blocker": {"en": "Blocker", "ja": "反対者"},
    "buying_role.procurement": {"en": "Procurement", "ja": "購買担当"},
}

SENTIMENTS: M = {
    "sentiment.supporter": {"en": "Supporter", "ja": "支持"},
    "sentiment.neutral": {"en": "Neutral", "ja": "中立"},
    "sentiment.detractor": {"en": "Detractor", "ja": "批判的"},
}

RISKS: M = {
    "risk.champion_left": {"en": "champion left", "ja": "チャンピオンが離任"},
    "risk.economic_buyer_left": {"en": "economic buyer left", "ja": "予算決裁者が離任"},
    "risk.single_threaded": {"en": "single-threaded", "ja": "顧客側の窓口が1人"},
    "risk.no_contact": {"en": "no contact", "ja": "窓口なし"},
    "name.department": {"en": "{company} / {department}", "ja": "{company} {department}"},
    "risk.single_owner": {"en": "single owner", "ja": "当社側の担当が1人"},
    "risk.stale": {"en": "stale relationships", "ja": "関係が途絶えている"},
    "risk.detractor": {"en": "detractor", "ja": "批判的な関係者あり"},
    "risk.no_renewal_opportunity": {"en": "no renewal opportunity",
                                    "ja": "更新商談が未起票"},
    "risk.notice_passed": {"en": "notice date passed", "ja": "解約通知期限を経過"},
    "risk.dark": {"en": "dark", "ja": "接点なし"},
    "risk.unassigned": {"en": "unassigned", "ja": "担当未割当"},
    "risk.too_many_owners": {"en": "too many of our people", "ja": "当社の接触者が多すぎる"},
    "risk.collisions": {"en": "separate contacts days apart", "ja": "別々の接触が重複"},
}

MOVEMENTS: M = {
    "movement.new_entity": {"en": "new entity", "ja": "新規法人"},
    "movement.expansion": {"en": "expansion", "ja": "拡大"},
    "movement.contraction": {"en": "contraction", "ja": "縮小"},
    "movement.churned": {"en": "churned", "ja": "解約"},
    "movement.acquired": {"en": "acquired into the group", "ja": "買収でグループ入り"},
    "movement.divested": {"en": "sold out of the group", "ja": "売却でグループ外へ"},
    "movement.flat": {"en": "flat", "ja": "横ばい"},
    "movement.none": {"en": "no revenue", "ja": "売上なし"},
}

CHANGES: M = {
    "change.stakeholder_joined": {"en": "joined", "ja": "新たに着任"},
    "change.stakeholder_left": {"en": "left", "ja": "離任"},
    "change.stakeholder_moved": {"en": "moved inside the group", "ja": "グループ内で異動"},
    "change.roles_changed": {"en": "buying roles changed", "ja": "購買上の役割が変化"},
    "change.sentiment_changed": {"en": "sentiment changed", "ja": "当社への姿勢が変化"},
    "change.manager_changed": {"en": "reports to someone else", "ja": "上司が変更"},
    "change.relationship_gained": {"en": "new relationship", "ja": "新しい関係"},
    "change.relationship_lost": {"en": "relationship lost", "ja": "関係が消失"},
    "change.relationship_faded": {"en": "relationship faded", "ja": "関係が弱まった"},
    "change.entity_added": {"en": "entity added", "ja": "組織が追加"},
    "change.entity_removed": {"en": "entity removed", "ja": "組織が削除"},
    "change.entity_dark": {"en": "went dark", "ja": "接点がなくなった"},
    "change.entity_unassigned": {"en": "lost its owner", "ja": "担当がいなくなった"},
    "change.entity_covered": {"en": "now covered", "ja": "カバーされた"},
    "change.account_single_threaded": {"en": "became single-threaded",
                                       "ja": "窓口が1人になった"},
    "change.account_recovered": {"en": "no longer single-threaded",
                                 "ja": "窓口の単線化が解消"},
    "change.mrr_new_entity": {"en": "MRR from a new entity", "ja": "新規法人のMRR"},
    "change.mrr_expansion": {"en": "MRR expansion", "ja": "MRR拡大"},
    "change.mrr_contraction": {"en": "MRR contraction", "ja": "MRR縮小"},
    "change.mrr_churned": {"en": "MRR churned", "ja": "MRR解約"},
    "change.mrr_acquired": {"en": "MRR acquired with a company", "ja": "買収によるMRR流入"},
    "change.mrr_divested": {"en": "MRR divested with a company", "ja": "売却によるMRR流出"},
    "change.stakeholder_succeeded": {"en": "handed the post to a successor",
                                     "ja": "後任に交代"},
    "change.entity_acquired": {"en": "joined the group", "ja": "グループに加入"},
    "change.entity_divested": {"en": "left the group (sold)", "ja": "グループから離脱（売却）"},
    "change.entity_merged": {"en": "merged into another company", "ja": "吸収合併された"},
    "change.department_created": {"en": "department created", "ja": "部署が新設"},
    "change.department_closed": {"en": "department closed", "ja": "部署が廃止"},
    "change.post_added": {"en": "took a second post (兼務/出向)", "ja": "兼務・出向を開始"},
    "change.stakeholder_over_contacted": {"en": "now over-contacted",
                                          "ja": "接触過多になった"},
}

PLAN: M = {
    "plan.title": {"en": "Account plan: {group}", "ja": "アカウントプラン：{group}"},
    "plan.subtitle": {"en": "As of {as_of}. Changes since {since}. Amounts are monthly ({currency}).",
                      "ja": "{as_of}時点。比較基準日は{since}。金額は月額（{currency}）です。"},
    "plan.subtitle_plain": {"en": "As of {as_of}. Changes since {since}. Amounts are monthly.",
                            "ja": "{as_of}時点。比較基準日は{since}。金額は月額です。"},
    "plan.contents": {"en": "Contents", "ja": "目次"},
    "plan.print": {"en": "Print or save as PDF", "ja": "印刷・PDF保存"},
    "plan.generated": {"en": "Written by accountmap from {source}.",
                       "ja": "accountmapが{source}から作成しました。"},
    # 1. group at a glance
    "plan.s1": {"en": "1. Group at a glance", "ja": "1. グループ概況"},
    "plan.mrr_vs_target_short": {
        "en": "Active MRR is {mrr} against a target of {target}: {gap} to go.",
        "ja": "現在のMRRは{mrr}で、目標{target}まであと{gap}です。"},
    "plan.mrr_vs_target_met": {
        "en": "Active MRR is {mrr} against a target of {target}: the target is beaten by {excess}.",
        "ja": "現在のMRRは{mrr}で、目標{target}を{excess}上回っています。"},
    "plan.mrr_no_target": {
        "en": "Active MRR is {mrr}; no target is set for this group.",
        "ja": "現在のMRRは{mrr}です。このグループには目標が設定されていません。"},
    "plan.entities": {"en": "Legal entities", "ja": "法人構成"},
    "plan.col.entity": {"en": "Entity", "ja": "組織"},
    "plan.col.ownership": {"en": "Ownership", "ja": "出資比率"},
    "plan.col.country": {"en": "Country", "ja": "国"},
    "plan.col.mrr": {"en": "MRR", "ja": "MRR"},
    "plan.col.potential": {"en": "Potential MRR", "ja": "潜在MRR"},
    "plan.by_line": {"en": "Active MRR by product line", "ja": "製品ライン別のMRR"},
    "plan.col.line": {"en": "Product line", "ja": "製品ライン"},
    "plan.col.products": {"en": "Products", "ja": "製品"},
    "plan.no_line": {"en": "(no product line)", "ja": "（製品ライン未設定）"},
    "plan.movements": {"en": "Revenue movements since {since}",
                       "ja": "{since}以降の売上の増減"},
    "plan.col.measure": {"en": "Measure", "ja": "項目"},
    "plan.col.amount": {"en": "Amount", "ja": "金額"},
    "plan.m.start": {"en": "MRR on {day}", "ja": "{day}のMRR"},
    "plan.m.new_entity": {"en": "New entities", "ja": "新規法人"},
    "plan.m.cross_sell": {"en": "Cross-sell (a product new to a paying company)", "ja": "クロスセル（既存顧客の新製品）"},
    "plan.m.expansion": {"en": "Expansion", "ja": "拡大"},
    "plan.m.contraction": {"en": "Contraction", "ja": "縮小"},
    "plan.m.product_churn": {"en": "Product churn (a product dropped by a paying company)", "ja": "製品解約（継続顧客の製品解約）"},
    "plan.m.churned": {"en": "Churn", "ja": "解約"},
    "plan.m.acquired": {"en": "Acquired with companies that joined the group",
                        "ja": "買収によるグループ入り"},
    "plan.m.divested": {"en": "Divested with companies sold", "ja": "売却によるグループ離脱"},
    "plan.m.end": {"en": "MRR on {day}", "ja": "{day}のMRR"},
    "plan.m.nrr": {"en": "Net revenue retention (NRR)", "ja": "売上継続率（NRR）"},
    "plan.m.grr": {"en": "Gross revenue retention (GRR)", "ja": "総売上維持率（GRR）"},
    "plan.col.movement": {"en": "Movement", "ja": "増減の種類"},
    "plan.col.start_mrr": {"en": "MRR before", "ja": "期初MRR"},
    "plan.col.end_mrr": {"en": "MRR now", "ja": "現在のMRR"},
    "plan.pipeline": {"en": "Open pipeline", "ja": "進行中の商談"},
    "plan.col.kind": {"en": "Kind", "ja": "種類"},
    "plan.col.count": {"en": "Deals", "ja": "件数"},
    "plan.col.contract_value": {"en": "Contract value", "ja": "契約総額"},
    "plan.col.added_mrr": {"en": "MRR it would add", "ja": "見込みMRR"},
    "plan.col.weighted_mrr": {"en": "Weighted by chance to win", "ja": "受注確度で加重したMRR"},
    "plan.pipe.renewal": {"en": "Renewals", "ja": "更新"},
    "plan.pipe.new_money": {"en": "New money (new business and expansion)",
                            "ja": "新規受注（新規・拡大）"},
    "plan.covers_gap": {"en": "New money closing this fiscal year, weighted by its chance to win, would add {mrr} MRR: enough to close the gap of {gap}.",
                        "ja": "今期中に受注予定の新規・拡大商談の見込みMRR（受注確度で加重）は{mrr}で、目標との差{gap}を埋められます。"},
    "plan.short_of_gap": {
        "en": "New money closing this fiscal year, weighted by its chance to win, would add {mrr} MRR: {rest} of the gap of {gap} stays uncovered.",
        "ja": "今期中に受注予定の新規・拡大商談の見込みMRR（受注確度で加重）は{mrr}で、目標との差{gap}のうち{rest}が不足します。"},
    "plan.gap_closed": {"en": "The target is met; new money closing this fiscal year, weighted, would add {mrr} MRR.",
                        "ja": "目標は達成済みです。今期中に受注予定の新規・拡大商談の見込みMRR（受注確度で加重）は{mrr}です。"},
    "plan.unweighted": {"en": "{count} open deal(s) have no chance to win (probability or stage_probabilities) and weigh nothing: {deals}.",
                        "ja": "受注確度が未設定の商談{count}件は加重MRRに含めていません：{deals}。"},
    "plan.mrr_unknown_deals": {
        "en": "{count} open deal(s) state no MRR and are not counted in it.",
        "ja": "MRRが未入力の商談{count}件は見込みMRRに含めていません。"},
    # 2. renewals
    "plan.s2": {"en": "2. Renewals in the next {days} days", "ja": "2. 今後{days}日間の契約更新"},
    "plan.no_renewals": {"en": "No subscription renews in the next {days} days.",
                         "ja": "今後{days}日間に更新を迎える契約はありません。"},
    "plan.col.renewal": {"en": "Renews", "ja": "更新日"},
    "plan.col.notice": {"en": "Notice by", "ja": "解約通知期限"},
    "plan.col.status": {"en": "Status", "ja": "状況"},
    "plan.forecast": {"en": "Forecast: {secured} MRR secured (renewed by default), {at_risk} at risk, {churn} notified as churn.",
                      "ja": "見通し：確定（自動更新）{secured}、リスクあり{at_risk}、解約通知済み{churn}（いずれもMRR）。"},
    "renewal_status.open": {"en": "open", "ja": "通知期限前"},
    "renewal_status.notice_due": {"en": "notice due soon", "ja": "通知期限間近"},
    "renewal_status.renewed_by_default": {"en": "renewed by default", "ja": "自動更新で確定"},
    "renewal_status.lapsing": {"en": "lapsing", "ja": "更新未確定（期限経過）"},
    "renewal_status.churn_notified": {"en": "churn notified", "ja": "解約通知受領"},
    "plan.col.account": {"en": "Account", "ja": "アカウント"},
    "plan.col.product": {"en": "Product", "ja": "製品"},
    "plan.col.owner": {"en": "Owner", "ja": "担当者"},
    "plan.col.risks": {"en": "Risks", "ja": "リスク"},
    # 3. coverage
    "plan.s3": {"en": "3. Coverage", "ja": "3. カバレッジ"},
    "plan.grid": {"en": "Buying roles and our roles per account",
                  "ja": "アカウント別の購買関与者と当社の体制"},
    "plan.grid_note": {
        "en": "Only the roles an account needs are marked: an economic buyer and a decision "
              "maker at company level, a champion and users where the product is used, an "
              "account manager and customer success (for each line it pays for) where it "
              "pays, an account executive where new business is open. ✓: held by an active "
              "stakeholder of the account / assigned to one of our people; ✗: the gap to "
              "close; blank: not needed there.",
        "ja": "アカウントに必要な役割だけを示します：会社単位の予算決裁者と意思決定者、製品の利用部門のチャンピオンと利用者、"
              "課金中のアカウントのアカウントマネージャーとカスタマーサクセス（課金中の製品ラインごと）、新規商談中のアカウント"
              "エグゼクティブ。✓：在任中の顧客担当者が該当／当社の担当が割当済み。✗：埋めるべき不足。空欄：不要。"},
    "plan.handoff": {"en": "Handoff gaps", "ja": "引き継ぎの不足"},
    "plan.no_handoff": {"en": "Every account with revenue has an account manager or customer "
                              "success, and no deal was left with its account executive alone.",
                        "ja": "売上のあるすべてのアカウントにアカウントマネージャーまたはカスタマーサクセス"
                              "が割り当てられ、受注後に新規営業だけが残るアカウントもありません。"},
    "plan.handoff_no_am": {
        "en": "{account} ({mrr} MRR): no account manager or customer success is assigned.",
        "ja": "{account}（MRR {mrr}）：アカウントマネージャーもカスタマーサクセスも"
              "割り当てられていません。"},
    "plan.handoff_no_cs": {
        "en": "{account} pays {mrr} MRR for the {line} line: no customer success covers it.",
        "ja": "{account}は{line}製品ラインでMRR {mrr}を契約中ですが、担当のカスタマーサクセスがいません。"},
    "plan.handoff_ae_only": {
        "en": "{account}: after the won deal {deal}, its only assignee is the account "
              "executive {owner}.",
        "ja": "{account}：受注済みの商談「{deal}」の後も、担当は新規営業の{owner}だけです。"},
    "plan.uncovered": {"en": "Uncovered entities, by potential",
                       "ja": "カバーされていない組織（潜在MRR順）"},
    "plan.no_uncovered": {"en": "Every company and department is known and assigned.",
                          "ja": "すべての会社と部署に接点と担当者があります。"},
    "plan.col.reasons": {"en": "Why", "ja": "理由"},
    # 4. risks
    "plan.s4": {"en": "4. Risks", "ja": "4. リスク"},
    "plan.threads": {"en": "Single-threaded accounts", "ja": "窓口が単線のアカウント"},
    "plan.no_threads": {"en": "No revenue account is single-threaded.",
                        "ja": "窓口が単線の売上アカウントはありません。"},
    "plan.col.pipeline": {"en": "Pipeline", "ja": "パイプライン"},
    "plan.col.contacts": {"en": "Their people we know", "ja": "接点のある顧客担当者"},
    "plan.col.owners": {"en": "Our people", "ja": "当社担当者"},
    "plan.key_people": {"en": "Key people (revenue that hangs on one person)",
                        "ja": "キーパーソン（1人に依存する売上）"},
    "plan.no_key_people": {"en": "No revenue hangs on a single person.",
                           "ja": "1人だけに依存する売上はありません。"},
    "plan.col.person": {"en": "Person", "ja": "人物"},
    "plan.col.side": {"en": "Side", "ja": "立場"},
    "plan.side.stakeholder": {"en": "customer", "ja": "顧客"},
    "plan.side.owner": {"en": "ours", "ja": "当社"},
    "plan.col.mrr_at_risk": {"en": "MRR at risk", "ja": "リスクのあるMRR"},
    "plan.col.accounts": {"en": "Accounts", "ja": "アカウント"},
    "plan.left": {"en": "Champions and economic buyers who left",
                  "ja": "離任したチャンピオン・予算決裁者"},
    "plan.no_left": {"en": "No champion or economic buyer has left.",
                     "ja": "離任したチャンピオン・予算決裁者はいません。"},
    "plan.col.role": {"en": "Role", "ja": "役割"},
    "plan.col.left_on": {"en": "Left on", "ja": "離任日"},
    "plan.col.moved_to": {"en": "Now at", "ja": "異動先"},
    "plan.col.successor": {"en": "Succeeded by", "ja": "後任"},
    "plan.stale": {"en": "Stale relationships", "ja": "途絶えている関係"},
    "plan.no_stale": {"en": "No relationship is overdue for contact.",
                      "ja": "接触が途絶えている関係はありません。"},
    "plan.col.stakeholder": {"en": "Stakeholder", "ja": "顧客担当者"},
    "plan.col.last_contact": {"en": "Last contact", "ja": "最終接触日"},
    "plan.col.days": {"en": "Days since", "ja": "経過日数"},
    "plan.over_contacted": {"en": "Over-contacted stakeholders (last {days} days)",
                            "ja": "接触過多の顧客担当者（直近{days}日）"},
    "plan.no_over_contacted": {"en": "Nobody is met by too many of our people.",
                               "ja": "当社の接触が過多になっている顧客担当者はいません。"},
    "plan.col.collisions": {"en": "Separate contacts days apart", "ja": "近接した別々の接触"},
    "plan.col.single_contact": {"en": "Suggested single contact", "ja": "推奨する単一窓口"},
    # 5. white space
    "plan.s5": {"en": "5. Reachable white space", "ja": "5. 届く可能性のあるホワイトスペース"},
    "plan.no_white_space": {"en": "No white space is left in this group.",
                            "ja": "このグループに残るホワイトスペースはありません。"},
    "plan.col.white_space": {"en": "White space", "ja": "ホワイトスペース"},
    "plan.col.target": {"en": "Whom to reach", "ja": "接触すべき相手"},
    "plan.col.path": {"en": "Best warm path", "ja": "最良の紹介経路"},
    "plan.no_path": {"en": "no path: needs a new introduction",
                     "ja": "経路なし：新たな紹介が必要"},
    "plan.no_target_known": {"en": "no decision maker or economic buyer known",
                             "ja": "意思決定者・予算決裁者が不明"},
    # 6. changes
    "plan.s6": {"en": "6. What changed since {since}", "ja": "6. {since}以降の変化"},
    "plan.s6_previous": {"en": "6. What changed since the last review ({previous})",
                         "ja": "6. 前回レビュー（{previous}）以降の変化"},
    "plan.no_changes": {"en": "Nothing changed.", "ja": "変化はありません。"},
    "plan.col.change": {"en": "Change", "ja": "変化"},
    "plan.col.subject": {"en": "Who or what", "ja": "対象"},
    "plan.col.before": {"en": "Before", "ja": "変更前"},
    "plan.col.after": {"en": "After", "ja": "変更後"},
    # 7. actions
    "plan.s7": {"en": "7. Recommended actions", "ja": "7. 推奨アクション"},
    "plan.no_actions": {"en": "No action follows from the data.",
                        "ja": "データから導かれるアクションはありません。"},
    "plan.col.action": {"en": "Action", "ja": "アクション"},
    "plan.col.due": {"en": "Due", "ja": "期限"},
    "plan.col.at_stake": {"en": "At stake", "ja": "影響額"},
    "plan.col.finding": {"en": "Because", "ja": "根拠"},
    "plan.more_actions": {"en": "{count} more action(s), less urgent or of lower value, are in "
                                "the JSON output.",
                          "ja": "緊急度や影響額の低いアクションがほかに{count}件あります（JSON出力に含まれます）。"},
    "plan.follow_up": {"en": "The previous review's actions ({count})",
                       "ja": "前回レビューのアクション（{count}件）"},
    "plan.new_actions": {"en": "This review's actions", "ja": "今回のアクション"},
    "followup.done": {"en": "done", "ja": "実施済み"},
    "followup.no_longer_applies": {"en": "no longer applies", "ja": "対象外（状況が変化）"},
    "followup.open": {"en": "open", "ja": "未完了"},
    "followup.overdue": {"en": "overdue", "ja": "期限超過"},
    "plan.s0": {"en": "Summary", "ja": "サマリー"},
    "plan.renewals_due": {"en": "Renewals whose notice comes first",
                          "ja": "通知期限が近い契約更新"},
    "plan.top_actions": {"en": "Top actions", "ja": "優先アクション"},
    "plan.print_more": {"en": "{count} more on screen and in the JSON output.",
                        "ja": "ほか{count}件は画面とJSON出力にあります。"},
    "plan.one_voice_ok": {
        "en": "One voice: each of the {people} customer people these actions involve hears from "
              "one of our people only (their designated contact).",
        "ja": "窓口の一本化：これらのアクションに関わる顧客側の{people}人は、それぞれ当社の1人（指定窓口）からのみ連絡を受けます。"},
    "plan.one_voice_conflicts": {
        "en": "One voice is broken: {people} would hear from more than one of our people.",
        "ja": "窓口の一本化が崩れています：{people}に当社の複数の担当者が連絡します。"},
    # 8. map
    "plan.s8": {"en": "8. Relationship map", "ja": "8. リレーションシップマップ"},
    "plan.map_note": {"en": "Zoom and click in the map; it prints as shown.",
                      "ja": "マップは拡大・クリックで操作できます。表示中の状態で印刷されます。"},
    "plan.map_markdown": {
        "en": "The interactive map is part of the HTML report: {command}.",
        "ja": "操作できるマップはHTML版のレポートに含まれます：{command}"},
}

ACTIONS: M = {
    "action.open_renewal": {
        "en": "Open the renewal of {product} at {account} ({mrr} MRR, renews {renewal}).",
        "ja": "{account}の{product}（MRR {mrr}、{renewal}更新）の更新商談を起票する。"},
    "action.open_renewal_risks": {
        "en": "Open the renewal of {product} at {account} ({mrr} MRR, renews {renewal}): "
              "{risks}.",
        "ja": "{account}の{product}（MRR {mrr}、{renewal}更新）の更新商談を起票する。"
              "リスク：{risks}。"},
    "action.secure_renewal": {
        "en": "Secure the renewal of {product} at {account} ({mrr} MRR, renews {renewal}): "
              "{risks}.",
        "ja": "{account}の{product}（MRR {mrr}、{renewal}更新）の更新を確実にする。"
              "リスク：{risks}。"},
    "action.follow_moved": {
        "en": "Meet {person} in their new role at {new_unit} and ask who now decides at "
              "{account}.",
        "ja": "{new_unit}に異動した{person}と面談し、{account}の現在の意思決定者を紹介してもらう。"},
    "action.meet_successor": {
        "en": "Meet {successor}, who took over from {person} ({role}) at {account}.",
        "ja": "{account}で{person}（{role}）の後任となった{successor}と面談する。"},
    "action.replace_left": {
        "en": "Find and meet the successor of {person} ({role}) at {account}.",
        "ja": "{account}で{person}（{role}）の後任者を特定し、面談する。"},
    "action.assign_customer_success": {
        "en": "Assign customer success for the {product_line} line at {account} ({mrr} MRR).",
        "ja": "{account}の{product_line}製品ライン（MRR {mrr}）にカスタマーサクセスを割り当てる。"},
    "action.assign_am": {
        "en": "Assign an account manager or customer success manager to {account} "
              "({mrr} MRR).",
        "ja": "{account}（MRR {mrr}）にアカウントマネージャーかカスタマーサクセスを割り当てる。"},
    "action.hand_over": {
        "en": "Hand {account} over from {owner} to account management after the won deal "
              "{deal}.",
        "ja": "受注した商談「{deal}」の後、{account}を{owner}からアカウントマネジメントへ引き継ぐ。"},
    "action.ask_introduction": {
        "en": "Ask {via} to introduce {owner} to {target} at {account}.",
        "ja": "{via}に依頼し、{account}の{target}を{owner}に紹介してもらう。"},
    "action.meet_directly": {
        "en": "Meet {target} at {account}: {owner} already knows them.",
        "ja": "{owner}が面識のある{account}の{target}と面談する。"},
    "action.find_second_contact": {
        "en": "Find a second contact at {account}: today only {contact} is known.",
        "ja": "{account}で2人目の窓口を見つける。現在の接点は{contact}だけです。"},
    "action.add_second_owner": {
        "en": "Bring a second person of ours into {account}: today only {owner} knows its "
              "people.",
        "ja": "{account}に当社の2人目の担当を参加させる。現在は{owner}だけが接点を持っています。"},
    "action.new_introduction": {
        "en": "Find an introduction to {account}: none of our people can reach a decision "
              "maker there.",
        "ja": "{account}への新たな紹介を探す。当社の誰からも意思決定者への経路がありません。"},
    "action.consolidate": {
        "en": "Make {contact} the single contact for {person} ({company}): {count} of our "
              "people met them.",
        "ja": "{person}（{company}）への窓口を{contact}に一本化する。当社の{count}人が接触しています。"},
    "action.refresh": {
        "en": "Refresh the relationship with {person} ({unit}): last contact {last}.",
        "ja": "{person}（{unit}）との関係を再構築する。最終接触日：{last}。"},
    "action.refresh_many": {
        "en": "Refresh {count} relationships that faded, the oldest with {person} (last "
              "contact {last}).",
        "ja": "関係が薄れた{count}件を再構築する。最も古いのは{person}（最終接触日：{last}）。"},
    "action.confirm_renewal": {
        "en": "Confirm the renewal of {product} at {account} ({mrr} MRR, renews {renewal}) "
              "before the notice date {notice}.",
        "ja": "{account}の{product}（MRR {mrr}、{renewal}更新）の更新意向を通知期限{notice}までに確認する。"},
    "action.refresh_never": {
        "en": "Refresh the relationship with {person} ({unit}): no contact is recorded.",
        "ja": "{person}（{unit}）との関係を再構築する。接触の記録がありません。"},
    "action.assign_owner": {
        "en": "Assign an owner to {account} (potential {potential} MRR).",
        "ja": "{account}（潜在MRR {potential}）に担当者を割り当てる。"},
    "action.no_lead": {"en": "no account lead: assign one", "ja": "責任者不在：要割当"},
}

FINDINGS: M = {
    "finding.renewal": {"en": "Renewal on {renewal}; notice by {notice}.",
                        "ja": "{renewal}に更新、解約通知期限は{notice}。"},
    "finding.left": {"en": "{person} ({role}) left on {left_on}.",
                     "ja": "{person}（{role}）が{left_on}に離任。"},
    "finding.no_cs": {"en": "A product line paid for without customer success.",
                      "ja": "契約中の製品ラインにカスタマーサクセスが不在。"},
    "finding.no_am": {"en": "Revenue without an account manager or customer success.",
                      "ja": "売上があるのにアカウントマネージャーもカスタマーサクセスも不在。"},
    "finding.ae_only": {"en": "Only the account executive is assigned after a won deal.",
                        "ja": "受注後も担当が新規営業だけ。"},
    "finding.single_threaded": {
        "en": "Single-threaded: {mrr} MRR and {pipeline} in open deals.",
        "ja": "窓口が単線：MRR {mrr}、進行中の商談{pipeline}。"},
    "finding.single_owner": {"en": "Single owner: {mrr} MRR and {pipeline} in open deals.",
                             "ja": "当社担当が1人：MRR {mrr}、進行中の商談{pipeline}。"},
    "finding.white_space": {"en": "White space worth {value} MRR.",
                            "ja": "ホワイトスペース：MRR {value}。"},
    "finding.over_contacted": {
        "en": "{count} of our people in {days} days; separate contacts days apart on {dates}.",
        "ja": "直近{days}日で当社の{count}人が接触。別々の接触が近接した日：{dates}。"},
    "finding.over_contacted_plain": {"en": "{count} of our people in {days} days.",
                                     "ja": "直近{days}日で当社の{count}人が接触。"},
    "finding.stale": {"en": "No contact for {days} days.", "ja": "{days}日間接触なし。"},
    "finding.never": {"en": "No recorded contact.", "ja": "接触記録なし。"},
    "finding.stale_many": {"en": "{count} relationships without recent contact.",
                           "ja": "最近接触のない関係が{count}件。"},
    "finding.unassigned": {"en": "Unassigned entity.", "ja": "担当者が未割当の組織。"},
}


MESSAGES: dict[str, dict[str, str]] = {
    **VALUES, **KINDS, **OWNER_ROLES, **BUYING_ROLES, **SENTIMENTS, **RISKS, **MOVEMENTS,
    **CHANGES, **PLAN, **ACTIONS, **FINDINGS, **MAP,
}
