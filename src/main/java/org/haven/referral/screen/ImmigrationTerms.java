package org.haven.referral.screen;

import static org.haven.referral.screen.Scan.B;
import static org.haven.referral.screen.Scan.E;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.haven.referral.screen.Finding.Kind;

/**
 * Words about immigration status or enforcement. Police must not learn a reporter's status from a referral, so
 * these are blocked wherever they appear, even in an offender's reported words: the caseworker paraphrases
 * ("used xenophobic abuse").
 *
 * <p>Words match whole: "advisable" is not "visa", and "deportment" (bearing, manners) is not "deport".
 * Arabic-script words may carry the usual attached prefixes (و، ف، ب، ل، ك، ال) and up to three suffix letters.
 */
final class ImmigrationTerms {

    /** Latin-script entries, lower case, as regular expressions. */
    private static final List<String> LATIN = List.of(
            // English
            "visas?(?!\\s(?:debit\\s|credit\\s)?card)", "asylum(?:\\sseekers?)?", "refugees?(?:\\sstatus)?",
            "leave\\sto\\s(?:remain|enter)", "indefinite\\sleave(?:\\sto\\sremain)?", "limited\\sleave", "ilr",
            "over[\\s-]?stay(?:s|ed|ing|er|ers)?",
            "illegal(?:ly)?\\s(?:immigrants?|migrants?|aliens?|workers?|entry|entrants?|status|in\\sthe\\s(?:uk|country))",
            "illegals", "(?:here|stay(?:ing|ed|s)?|living|lives?|work(?:ing|ed|s)?|entered|came|is|was|am|are|were)"
                    + "\\s(?:here\\s)?illegally",
            "unlawful(?:ly)?\\s(?:in\\sthe\\s(?:uk|country)|resident|presence|status)", "undocumented",
            "(?:no|without)\\s(?:legal\\s)?papers", "no\\slegal\\sstatus", "home\\soffice", "immigration",
            "deport(?:s|ed|ing|ation|ations|ee|ees)?", "(?:removal|detention)\\scent(?:re|er)s?",
            "removal\\s(?:directions?|orders?|notices?)", "brps?", "biometric\\sresidence\\s(?:permits?|cards?)",
            "residence\\s(?:permits?|cards?)", "work\\spermits?", "(?:pre[\\s-]?)?settled\\sstatus",
            "eu\\ssettlement\\sscheme", "euss", "nrpf", "no\\srecourse\\sto\\spublic\\sfunds",
            "sponsor(?:ship)?\\slicen[cs]es?", "certificate\\sof\\ssponsorship", "ukvi", "border\\sforce",
            "right\\sto\\s(?:work|rent)\\schecks?", "aspen\\scard",
            // Polish
            "wiz(?:a|y|ie|ę|ą)", "azyl(?:u|em|owy|owa|owe)?", "azylan(?:t|tka|ci|tów)", "deportac(?:ja|ji|ję|ją)",
            "deportowan(?:y|a|i|e)", "nielegaln(?:y|a|i|ie)\\s(?:imigrant|imigrantka|imigranci|pobyt)",
            "kart(?:a|y|ę|ą|cie)\\spobytu", "bez\\spapierów", "imigracyjn(?:y|a|e|ego|ej|ym)",
            "straż(?:y)?\\sgraniczn(?:a|ej|ą)", "uchodźc(?:a|y|ów|ą)",
            // Romanian
            "viz(?:ă|a|e|ei)\\s(?:de\\s)?(?:muncă|munca|ședere|sedere|turist|intrare)", "viză",
            "azil(?:ul|ului|ant|anți|anti)?(?!\\sde\\sb[aă]tr[aâ]ni)", "deport(?:are|area|at|ată|ați|ate)",
            "permis(?:ul)?\\sde\\s[sș]edere", "imigran[tț](?:[ăa]|i)?\\sileg(?:al|ali|ală|ala)", "f[aă]r[aă]\\sacte",
            "expulz(?:are|at|ată|ați)",
            // Spanish
            "visados?", "asilo(?!\\sde\\sancianos)", "deporta(?:ción|cion|do|da|dos|das|r)", "sin\\spapeles",
            "indocumentad(?:o|a|os|as)", "permiso\\sde\\sresidencia", "inmigraci(?:ón|on)",
            "inmigrantes?\\silegal(?:es)?", "situaci(?:ón|on)\\sirregular", "extranjer(?:ía|ia)",
            "refugiad(?:o|a|os|as)");

    /** Arabic, Urdu and Persian entries, written naturally; folded before use. */
    private static final List<String> ARABIC_SCRIPT = List.of(
            // Arabic
            "تأشير(?:ة|ت|ات)", "فيزا", "طالب(?:ي)?\\sلجوء", "لجوء", "لاجئ", "إقامة", "إقامت(?!گاه)", "ترحيل",
            "وزارة\\sالداخلية", "مهاجر(?:ين|ون)?\\sغير\\s(?:شرعي|قانوني)(?:ين)?", "مقيم\\sغير\\s(?:شرعي|قانوني)",
            "غير\\sشرعي(?:ين)?", "(?:بدون|بلا|من\\sغير)\\sأوراق", "الهجرة", "(?:ضابط|ضباط|شرطة|مكتب)\\sهجرة", "مركز\\s(?:ال)?احتجاز",
            "هوم\\sأوفيس",
            // Urdu
            "ویزا", "سیاسی\\sپناہ", "پناہ\\sگزین", "ملک\\sبدری", "امیگریشن", "ہوم\\sآفس",
            "غیر\\sقانونی\\sتارکین\\sوطن", "بغیر\\sکاغذات",
            // Persian
            "روادید", "پناهندگی", "پناهنده", "پناهجو", "دیپورت", "اخراج\\sاز\\sکشور", "اداره\\sمهاجرت",
            "مهاجر\\sغیرقانونی", "بدون\\sمدارک");

    private static final Pattern LATIN_TERMS = Scan.compile(
            B + "(?:" + String.join("|", LATIN.stream().map(ImmigrationTerms::spaceOrHyphen).toList()) + ")" + E);
    private static final Pattern ARABIC_TERMS = Scan.compile(
            B + NormalisedText.fold("(?:[وفبلك]{0,2}(?:ال|لل)?)(?:" + String.join("|", ARABIC_SCRIPT) + ")")
            + "[\\x{0600}-\\x{06FF}]{0,3}" + E);

    private ImmigrationTerms() {
    }

    /** "home-office", "leave-to-remain": a hyphen may stand for any space in a Latin entry. */
    private static String spaceOrHyphen(String entry) {
        return NormalisedText.fold(entry).replace("\\s", "[\\s-]");
    }

    static void apply(Scan scan) {
        for (Pattern p : List.of(LATIN_TERMS, ARABIC_TERMS)) {
            Matcher m = p.matcher(scan.text());
            while (m.find()) {
                scan.add(Kind.IMMIGRATION_TERM, m.start(), m.end());
            }
        }
    }
}
