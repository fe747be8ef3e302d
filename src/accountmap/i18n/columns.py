"""Table and CSV column headers in Japanese (``col.*``); English keeps the field names, which
are also the JSON keys (so these are not sentences of the catalogue: a field name is no
English text to keep out of a Japanese page)."""

from __future__ import annotations

M = dict[str, dict[str, str]]

_JA = {
    "id": "ID", "name": "名前", "kind": "種別", "group": "グループ", "company": "会社",
    "companies": "会社数", "departments": "部署数", "stakeholders": "顧客人数",
    "owners": "当社担当者", "owner": "当社担当者", "owner_name": "当社担当者名",
    "active_mrr": "MRR", "open_pipeline": "パイプライン", "reasons": "理由",
    "potential_mrr": "ポテンシャルMRR", "current_mrr": "現在のMRR", "mrr": "MRR",
    "pipeline": "パイプライン", "customer_threads": "顧客側の窓口数",
    "owner_threads": "当社側の担当数", "flags": "フラグ", "mrr_at_risk": "リスクのあるMRR",
    "pipeline_at_risk": "リスクのあるパイプライン", "accounts": "アカウント",
    "owner_count": "接触した当社担当者数", "touchpoints": "接触回数",
    "collisions": "接触の重複", "suggested_contact": "推奨窓口",
    "white_space": "ホワイトスペース", "stakeholder": "顧客担当者",
    "stakeholder_name": "顧客担当者名", "last_contact": "最終接触日", "days": "日数",
    "renewal": "更新日", "notice": "通知期限", "status": "状況", "account_name": "アカウント",
    "account": "アカウント", "product": "製品", "risks": "リスク", "change": "変化",
    "before": "変化前", "after": "変化後", "movement": "増減", "start": "期首",
    "new": "新規法人", "acq": "買収", "cross": "クロスセル", "up": "拡大", "down": "縮小",
    "pchurn": "製品解約", "churn": "解約", "sold": "売却", "end": "期末", "nrr": "NRR",
    "grr": "GRR", "cost": "コスト", "hops": "経由数", "path": "経路", "scope": "対象",
    "level": "階層", "line": "製品ライン", "products": "製品", "file": "ファイル",
    "problems": "問題", "renewal_owner": "更新担当", "notice_date": "通知期限",
    "days_left": "残り日数", "currency": "通貨", "target_mrr": "目標MRR",
    "gap_to_target": "目標との差", "secured_mrr": "確保済みMRR", "at_risk_mrr": "リスクのあるMRR",
    "notified_churn_mrr": "解約通知済みMRR", "penetration": "浸透率", "entities": "組織数",
    "penetrated": "導入済み組織数", "white_cells": "空白セル数",
    "company_name": "会社名", "owners_name": "当社担当者名", "suggested_contact_name": "推奨窓口名",
    "renewal_owner_name": "更新担当者名", "product_name": "製品名",
}

COLUMNS: M = {f"col.{key}": {"en": key, "ja": ja} for key, ja in _JA.items()}
