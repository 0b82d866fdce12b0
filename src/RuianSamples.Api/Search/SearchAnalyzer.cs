using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RuianSamples.Api.Search;

/// <summary>
/// The one analysis of Chinese and English text, used for the index and for queries alike, so the
/// two always agree. Chinese has no spaces: every run of CJK characters becomes its character
/// bigrams (a one-character run stays a unigram), so a two-character term (医保) is one token and a
/// longer one (医保纾困) is a phrase of consecutive bigrams. English is left to FTS5's porter +
/// unicode61 tokenizer (stemming, case folding, diacritics removed).
/// </summary>
public static partial class SearchAnalyzer
{
    /// <summary>A word of the text: a run of CJK characters, or a Latin/other-script word (letters, digits, marks, inner apostrophes).</summary>
    public readonly record struct Piece(string Text, bool IsCjk, int Start, bool SpaceBefore);

    public static bool IsCjk(int codepoint) =>
        codepoint is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x3040 and <= 0x30FF) or (>= 0xAC00 and <= 0xD7AF) or 0x3007
            or (>= 0x20000 and <= 0x323AF);

    /// <summary>
    /// Quotes, book-title marks and the middle dot sit inside Chinese names (“四千”精神, 共享社·幸福里): they
    /// do not break a CJK run, so 四千精神 and 共享社幸福里 match as written with or without them.
    /// </summary>
    public static bool IsTransparent(int c) =>
        c is '“' or '”' or '‘' or '’' or '"' or '「' or '」' or '『' or '』' or '《' or '》' or '〈' or '〉' or '·' or '・';

    private static bool IsApostrophe(int c) => c is '\'' or '\u2019' or '\u02BC';

    private static bool IsWordChar(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark => true,
        _ => false,
    };

    /// <summary>
    /// Splits text into CJK runs and other words; everything else (punctuation, symbols, controls,
    /// unpaired surrogates) only separates. Offsets are UTF-16 offsets into <paramref name="text"/>.
    /// </summary>
    public static List<Piece> Pieces(string text)
    {
        var pieces = new List<Piece>();
        var current = new StringBuilder();
        var currentStart = 0;
        bool? currentCjk = null;
        var separated = false;      // a separator run lies between the previous piece and this one
        var onlySpaces = true;      // … and it held nothing but whitespace

        void Flush()
        {
            if (currentCjk is null) return;
            var word = current.ToString();
            // An apostrophe is inside a word only between two word characters.
            while (word.Length > 0 && IsApostrophe(word[^1])) word = word[..^1];
            if (word.Length > 0) pieces.Add(new Piece(word, currentCjk.Value, currentStart, separated && onlySpaces));
            current.Clear();
            currentCjk = null;
            separated = false;
            onlySpaces = true;
        }

        var i = 0;
        while (i < text.Length)
        {
            // Lone surrogates decode as U+FFFD (a symbol): a separator like any other.
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) { rune = Rune.ReplacementChar; consumed = 1; }
            var cjk = IsCjk(rune.Value);
            if (cjk || IsWordChar(rune))
            {
                if (currentCjk != cjk)
                {
                    var (wasSeparated, wasSpaces) = (separated, onlySpaces);
                    Flush();
                    (separated, onlySpaces) = (wasSeparated, wasSpaces);
                    currentCjk = cjk;
                    currentStart = i;
                }
                current.Append(text, i, consumed);
            }
            else if (currentCjk == true && IsTransparent(rune.Value) && NextIsCjk(text, i + consumed))
            {
                // skipped: the CJK run goes on after it
            }
            else if (IsApostrophe(rune.Value) && currentCjk == false && current.Length > 0 && !IsApostrophe(current[^1]))
            {
                current.Append(text, i, consumed);
            }
            else
            {
                Flush();
                separated = true;
                onlySpaces &= Rune.IsWhiteSpace(rune);
            }
            i += consumed;
        }
        Flush();
        return pieces;
    }

    private static bool NextIsCjk(string text, int at)
    {
        while (at < text.Length && IsTransparent(text[at])) at++;
        return at < text.Length && Rune.DecodeFromUtf16(text.AsSpan(at), out var next, out _) == System.Buffers.OperationStatus.Done && IsCjk(next.Value);
    }

    /// <summary>A title or name reduced to lower-case letters and digits: the key for exact-name matches.</summary>
    public static string NameKey(string text) =>
        string.Concat(Pieces(Clean(text)).Select(p => p.IsCjk ? p.Text : Joined(p.Text)));

    /// <summary>
    /// Replaces unpaired surrogates and control characters with spaces and folds full-width ASCII to
    /// ASCII (Ｒｕｉａｎ → Ruian, ２０２１ → 2021). By hand, because the app runs with invariant
    /// globalization, where string.Normalize leaves non-ASCII text as it is.
    /// </summary>
    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { builder.Append(c).Append(text[++i]); continue; }
            builder.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                _ when char.IsSurrogate(c) || char.IsControl(c) => ' ',
                _ => c,
            });
        }
        return builder.ToString();
    }

    /// <summary>The characters of a CJK run (a supplementary-plane character is one character).</summary>
    public static List<string> Characters(string run)
    {
        var result = new List<string>(run.Length);
        foreach (var rune in run.EnumerateRunes()) result.Add(rune.ToString());
        return result;
    }

    /// <summary>Bigrams of a CJK run; a run of one character is its own token.</summary>
    public static IEnumerable<string> Bigrams(string run)
    {
        var chars = Characters(run);
        if (chars.Count == 1) { yield return chars[0]; yield break; }
        for (var k = 0; k + 1 < chars.Count; k++) yield return chars[k] + chars[k + 1];
    }

    /// <summary>A Latin word as FTS5 sees it once apostrophes are gone: "Rui'an" → "ruian".</summary>
    public static string Joined(string word) =>
        new string(word.Where(c => !IsApostrophe(c)).ToArray()).ToLowerInvariant();

    /// <summary>A Latin word as unicode61 splits it: "Rui'an" → "rui an"; null when it has no apostrophe.</summary>
    public static string? Split(string word) =>
        word.Any(c => IsApostrophe(c)) ? string.Join(' ', word.Split(['\'', '\u2019', '\u02BC'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant() : null;

    /// <summary>The two index columns for a Chinese text: bigram tokens and unigram tokens, space-separated.</summary>
    public static (string Bigrams, string Unigrams) IndexChinese(string text)
    {
        text = Clean(text);
        var bigrams = new StringBuilder(text.Length * 3);
        var unigrams = new StringBuilder(text.Length * 2);
        foreach (var piece in Pieces(text))
        {
            if (piece.IsCjk)
            {
                foreach (var token in Bigrams(piece.Text)) bigrams.Append(token).Append(' ');
                foreach (var ch in Characters(piece.Text)) unigrams.Append(ch).Append(' ');
            }
            else
            {
                // Numbers and Latin words inside Chinese text (2021, G20) stay searchable, in place.
                bigrams.Append(piece.Text).Append(' ');
            }
        }
        return (bigrams.ToString().TrimEnd(), unigrams.ToString().TrimEnd());
    }

    /// <summary>Pinyin-with-apostrophe words of an English text (Rui'an, Dong'ao), as (joined, split). Possessives are not names.</summary>
    public static IEnumerable<(string Joined, string Split)> ApostropheWords(string text)
    {
        foreach (var piece in Pieces(text))
        {
            if (piece.IsCjk) continue;
            var split = Split(piece.Text);
            if (split is null) continue;
            var parts = split.Split(' ');
            if (parts[^1] is "s" or "t" or "ll" or "re" or "ve" or "d" or "m") continue;
            yield return (Joined(piece.Text), split);
        }
    }

    /// <summary>
    /// Measure words and units written right after a number (300名, 110家, 1197.9亿元), longest first. A query's CJK run
    /// that starts with one after a number is read as number + unit + the rest (110家城市书房 → 110, 家, 城市书房),
    /// since the text may put the number after the noun (城市书房超110家).
    /// </summary>
    private static readonly string[] Units =
    [
        "万平方米", "平方米", "万人次", "人次", "千万", "百万", "万亿", "亿元", "万元", "万人", "万户", "万家", "万亩", "公里", "小时",
        "亿", "万", "元", "人", "个", "名", "家", "户", "项", "件", "次", "座", "所", "条", "位", "分", "秒", "天", "倍", "辆",
        "吨", "张", "本", "册", "场", "批", "亩", "套", "例", "支", "头", "届", "期", "类",
    ];

    /// <summary>The unit a CJK run starts with and the rest of the run ("家城市书房" → 家, 城市书房), or null.</summary>
    public static (string Unit, string Remainder)? SplitUnit(string cjkRun)
    {
        foreach (var unit in Units)
            if (cjkRun.Length > unit.Length && cjkRun.StartsWith(unit, StringComparison.Ordinal)) return (unit, cjkRun[unit.Length..]);
        return null;
    }

    [GeneratedRegex(@"(\d[\d,]*(?:\.\d+)?)\s*(千万|百万|万亿|亿|万)?(人次|平方米|公里|小时|[元人个名家户项件次座所条位分秒天倍辆吨张本册场批亩套例支头届期类%])?")]
    private static partial Regex NumberWithUnit();

    /// <summary>
    /// Keys of a figure's value for exact number queries, as search_title_keys rows: the number as written, the number
    /// in base units (1197.9亿元 → 119790000000, 3.2万人 → 32000), and that with the base unit (119790000000元). A query
    /// is keyed the same way (<see cref="QueryValueKeys"/>), so 1197.9亿元, 1197.9亿 and 3.2万人/32000人 find their figure.
    /// </summary>
    public static IEnumerable<string> ValueKeys(string valueText, string? unit)
    {
        // A value written with its units inside (8分59秒) is keyed as written.
        if (NameKey(valueText) is { Length: > 0 } written) yield return "value:" + written;
        if (!decimal.TryParse(valueText.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
            yield break;
        var (multiplier, baseUnit) = Data.Seeding.SeedImporter.UnitScale(unit);
        var scaled = Number(value * (decimal)multiplier);
        yield return "value:" + Number(value);
        yield return "value:" + scaled;
        if (!string.IsNullOrEmpty(baseUnit)) yield return "value:" + scaled + baseUnit;
    }

    /// <summary>The value keys of a query: its first number (with the unit that follows it), and the whole query as written (8分59秒).</summary>
    public static IReadOnlyList<string> QueryValueKeys(string query, int? yearRead)
    {
        var keys = new List<string>();
        foreach (Match m in NumberWithUnit().Matches(Clean(query)))
        {
            var (magnitude, unit) = (m.Groups[2].Value, m.Groups[3].Value);
            if (!decimal.TryParse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) continue;
            if (magnitude.Length == 0 && unit.Length == 0 && value == yearRead) continue; // 2021 托育: the year, not a value
            keys.Add(magnitude.Length == 0 && unit.Length == 0 ? "value:" + Number(value) : ValueKeys(m.Groups[1].Value, magnitude + unit).Last());
            if (NameKey(query) is { Length: > 0 } whole && whole.Any(char.IsAsciiDigit)) keys.Add("value:" + whole);
            break;
        }
        return keys.Distinct().ToList();
    }

    private static string Number(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);
}
