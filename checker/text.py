"""Plain-text rendering of a review for the terminal (the CLI's default output)."""
from __future__ import annotations

from checker.review import Review
from checker.severity import Severity
from checker.values import number_text, rate_text, tce_text, value_text


CARBON_REQUIRED = {True: "须开展", False: "不开展", None: "待定"}


def render_text(review: Review) -> str:
    """A readable Chinese summary: project, energy, conclusion, findings with their basis."""
    app, energy = review.application, review.energy
    out = [
        f"项目：{app.project.name}（{app.project.applicant}）",
        f"审查日期：{review.as_of.isoformat()}    规则库版本：{review.rulebook_version}",
        f"输入摘要（SHA-256）：{review.input_sha256}",
        "",
        "【能源消费】",
    ]
    for line in energy.lines + energy.feedstock:
        out.append(f"  {line.title}{'（原料）' if line.purpose == '原料' else ''}："
                   f"{number_text(line.quantity)} {line.unit} × {rate_text(line.coefficient)} {line.coefficient_unit}"
                   f" = {tce_text(line.tce)} 吨标准煤（当量值）；{tce_text(line.equivalent_tce)}（等价值）")
    out.append(f"  合计：{tce_text(energy.total_tce)} 吨标准煤（当量值），"
               f"{tce_text(energy.total_equivalent_tce)} 吨标准煤（等价值）")
    if energy.feedstock_tce:
        out.append(f"  其中原料用能：{tce_text(energy.feedstock_tce)} 吨标准煤")
    if energy.renewable_kwh:
        out.append(f"  另：自发自用可再生能源电力 {number_text(energy.renewable_kwh)} 千瓦时"
                   f"（{tce_text(energy.renewable_tce)} 吨标准煤，未计入合计）")
    out += [f"  注：{note}" for note in energy.notes]
    status = review.carbon_status
    if review.carbon_evaluation or status.required is not False:
        out += ["", f"【{review.carbon_heading}】"]
        out.append(f"  是否同步开展：{CARBON_REQUIRED[status.required]}。{status.basis}")
        if status.refusal():
            out.append(f"  {status.refusal()}")
        out += [f"  {text}" for text in review.carbon_evaluation]
    out += ["", f"【审查结果】{review.outcome.label}"]
    if review.law:
        out.append(f"  审查基准日施行的节能审查办法：{review.law}")
    out += [f"  {'【警告】' if n.level == 'warning' else '【说明】'}{n.text}" for n in review.notices]
    out += [f"【审查结论】节能审查：{review.energy_part.conclusion.label}；"
            f"污染物排放与VOCs控制：{review.pollutant_part.conclusion.label}",
            "  出具文书：" + "、".join(_document_names(review)), ""]
    if review.declarations:
        out.append("【结论所依据的申报事项】")
        out += [f"  {d.text}" for d in review.declarations]
        out.append("")
    if not review.findings:
        out.append("（无适用规则）")
    index = 0
    for result in review.parts.values():
        if result.findings:
            out.append(f"〔{result.part.label}〕{result.conclusion.label}")
        for finding in result.findings:
            index += 1
            out += _finding_lines(index, finding)
    counts = {s: sum(1 for f in review.findings if f.severity is s) for s in Severity}
    out += ["", "统计：" + "，".join(f"{s.label} {n}" for s, n in counts.items() if n)]
    return "\n".join(out)


def _document_names(review: Review) -> list[str]:
    from checker import rulebook

    documents = rulebook.current().documents.documents
    return [documents[key].name if key in documents else key for key in review.documents()]


def _finding_lines(index: int, finding) -> list[str]:
    """One finding: severity, rule, message, requirement, basis and parameters."""
    out = []
    flag = "  〔含待核实依据或数值〕" if finding.unverified else ""
    out.append(f"{index}. [{finding.severity.label}] {finding.rule_id} {finding.title}{flag}")
    out.append(f"   {finding.message}")
    if finding.action:
        out.append(f"   要求：{finding.action}")
    out.append("   依据：" + " ← ".join(c.label for c in finding.citations))
    for p in finding.parameters:
        mark = "" if p.verified else f"（{p.status_label}）"
        out.append(f"   参数：{p.title} = {value_text(p.value, p.unit)}，{p.since} 起{mark}")
    return out
