using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace RuianSamples.Api.Site;

/// <summary>
/// A REST problem's message in the page's language. The API's problem details stay English (its contract, shared with
/// GraphQL); a Chinese page says the same in Chinese, read from the detail's fixed wording (the messages of QueryReader,
/// Validate, Filters, Cursor and ApiProblems.NotFound, which the site's tests pin). A message this table does not know
/// (a new rule) still shows: a Chinese sentence by problem type, then the API's English detail, marked as English.
/// </summary>
public static partial class ProblemText
{
    /// <summary>The message in the page's language; <c>Original</c> is the English detail to show beside an untranslated one.</summary>
    public sealed record Message(string Text, string? Original);

    public static Message For(SiteContext site, ProblemDetails problem)
    {
        var detail = problem.Detail ?? "";
        if (site.English) return new(detail, null);
        if (Translate(problem, detail) is { } zh) return new(zh, null);
        return new(problem.Status switch
        {
            404 => "找不到所请求的记录。",
            400 => "请求中的参数有误。",
            _ => "请求未能完成。",
        } + "接口的原文说明：", detail);
    }

    /// <summary>The page heading (and title) for a problem: what went wrong, in the page's language.</summary>
    public static string Heading(SiteContext site, ProblemDetails problem) =>
        problem.Status == 404 ? site.T("找不到这一页", "Page not found") : site.T("请求有误", "Something in the request is wrong");

    private static string? Translate(ProblemDetails problem, string detail)
    {
        if (NotFound().Match(detail) is { Success: true } nf)
            return $"没有标识为“{nf.Groups[2].Value}”的{Noun(nf.Groups[1].Value)}。";
        if (InvalidParameter().Match(detail) is { Success: true } invalid)
            return Rule(invalid.Groups[2].Value) is { } rule ? $"参数 {invalid.Groups[1].Value} 有误：{rule}" : null;
        if (UnknownParameters().Match(detail) is { Success: true } unknown)
            return $"网址中有不认识的参数：{unknown.Groups[1].Value.Replace("'", "", StringComparison.Ordinal)}。可用的参数：{unknown.Groups[2].Value}。";
        // A cursor's problem is its message alone (ApiInputException.ToProblem).
        return problem.Type == Common.ApiProblems.TypeUri("invalid-cursor") ? Rule(detail) : null;
    }

    private static string Noun(string what) => what switch
    {
        "sample" => "实践样本",
        "reform" => "改革",
        "region" => "地区",
        "theme" => "主题",
        "figure" => "数据",
        "source" => "来源文献",
        "honor" => "荣誉",
        "milestone" => "大事记",
        _ => "记录",
    };

    /// <summary>One validation rule's message (after "The parameter 'x' is invalid: ").</summary>
    private static string? Rule(string message)
    {
        foreach (var (pattern, zh) in Rules)
            if (pattern.Match(message) is { Success: true } m)
                return string.Format(System.Globalization.CultureInfo.InvariantCulture, zh, [.. m.Groups.Values.Skip(1).Select(g => g.Value)]);
        return null;
    }

    private static readonly (Regex Pattern, string Zh)[] Rules =
    [
        (new("^'(.*)' is not a whole number\\.$"), "“{0}”不是整数。"),
        (new("^Must be between (-?\\d+) and (-?\\d+); got (-?\\d+)\\.$"), "应在 {0} 到 {1} 之间，收到的是 {2}。"),
        (new("^'(.*)' is not one of: (.*)\\.$"), "“{0}”不是可用的值。可用的值：{1}。"),
        (new("^At most (\\d+) characters\\.$"), "最多 {0} 个字符。"),
        (new("^Give this parameter once\\.$"), "这个参数只能出现一次。"),
        (new("^No region has the slug or code '(.*)'\\. See /api/v1/regions\\.$"), "没有标识或行政区划代码为“{0}”的地区。"),
        (new("^No reform has the slug '(.*)'\\. See /api/v1/reforms\\.$"), "没有标识为“{0}”的改革。"),
        (new("^Samples are numbered 1 to 10; got (.*)\\.$"), "实践样本的编号是 1 到 10，收到的是 {0}。"),
        (new("^Give either year or yearFrom/yearTo, not both\\.$"), "year 与 yearFrom/yearTo 只能选用一种。"),
        (new("^yearFrom \\((\\d+)\\) is after yearTo \\((\\d+)\\)\\.$"), "起始年份 yearFrom（{0}）晚于截止年份 yearTo（{1}）。"),
        (new("^length needs offset\\.$"), "给出 length 时也要给出 offset。"),
        (new("^The normalised text has (\\d+) characters\\.$"), "规范化后的全文只有 {0} 个字符。"),
        (new("^Give the text to search for, e\\.g\\. .*$"), "请输入要搜索的文字，例如：医保。"),
        (new("^This cursor belongs to a listing with other filters or another sort\\..*$"), "这个翻页位置属于另一组筛选条件或另一种排序。翻页时请保持其他条件不变，或从第一页重新开始。"),
        (new("^The cursor is malformed\\..*$"), "翻页位置（cursor）有误。请使用页面上的“下一页”链接，或从第一页重新开始。"),
    ];

    [GeneratedRegex("^No (.+) has the identifier '(.*)'\\.$")]
    private static partial Regex NotFound();

    [GeneratedRegex("^The parameter '([^']*)' is invalid: (.*)$", RegexOptions.Singleline)]
    private static partial Regex InvalidParameter();

    [GeneratedRegex("^Unknown query parameters? (.*)\\. Allowed: (.*)\\.$")]
    private static partial Regex UnknownParameters();
}
