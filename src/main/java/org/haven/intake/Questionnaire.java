package org.haven.intake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The report form: what a reporter is asked, in order. There is deliberately no question for name,
 * contact, date of birth, nationality, immigration status or documents, and none may be added (DESIGN.md,
 * promise 1).
 */
public final class Questionnaire {

    /** Crime types: police.uk's street-level categories plus what migrants most often face. */
    public static final List<String> CRIME_TYPES = List.of(
            "violence", "sexual-violence", "domestic-abuse", "hate-incident", "harassment-threats",
            "robbery", "burglary", "theft-from-person", "other-theft", "vehicle-crime", "bicycle-theft",
            "shoplifting", "criminal-damage-arson", "labour-exploitation", "modern-slavery", "fraud-scam",
            "online-abuse", "drugs", "weapons", "public-order", "anti-social-behaviour", "other-crime");

    /** The five centrally monitored hate-crime strands, recorded by the reporter's perception. */
    public static final List<String> HATE_STRANDS = List.of(
            "race", "religion", "sexual-orientation", "disability", "transgender-identity");

    /** UK police force areas (territorial forces and British Transport Police), plus "don't know". */
    public static final List<String> FORCES = List.of(
            "avon-and-somerset", "bedfordshire", "cambridgeshire", "cheshire", "city-of-london", "cleveland",
            "cumbria", "derbyshire", "devon-and-cornwall", "dorset", "durham", "dyfed-powys", "essex",
            "gloucestershire", "greater-manchester", "gwent", "hampshire", "hertfordshire", "humberside",
            "kent", "lancashire", "leicestershire", "lincolnshire", "merseyside", "metropolitan", "norfolk",
            "north-wales", "north-yorkshire", "northamptonshire", "northumbria", "nottinghamshire",
            "south-wales", "south-yorkshire", "staffordshire", "suffolk", "surrey", "sussex", "thames-valley",
            "warwickshire", "west-mercia", "west-midlands", "west-yorkshire", "wiltshire", "police-scotland",
            "psni", "british-transport-police", "dont-know");

    public static final List<Section> SECTIONS = List.of(
            new Section("what", List.of(
                    Question.radios("crime_type", true, CRIME_TYPES.toArray(String[]::new)),
                    Question.checkboxes("hate_strands", HATE_STRANDS.toArray(String[]::new)))),
            new Section("role", List.of(
                    Question.radios("role", true, "victim", "witness", "on-behalf"))),
            new Section("when", List.of(
                    Question.radios("when_kind", false, "exact", "approximate", "range", "unknown"),
                    Question.date("when_date"),
                    Question.date("when_until"),
                    Question.radios("when_time", false, "morning", "afternoon", "evening", "night", "unknown"),
                    Question.text("when_note", 200))),
            new Section("where", List.of(
                    Question.text("where_place", 200),
                    Question.select("where_force", FORCES),
                    Question.radios("where_kind", false,
                            "street", "home", "transport", "work", "shop-or-business", "online", "other"),
                    Question.radios("where_precision", false, "exact", "street", "area", "town", "none"))),
            new Section("offenders", List.of(
                    Question.radios("offender_count", false, "one", "two", "three-to-five", "more", "unknown"),
                    Question.radios("offender_known", false, "stranger", "known", "unknown"),
                    Question.radios("offender_relation", false, "partner-or-ex", "family", "employer",
                            "landlord", "neighbour", "colleague", "other"),
                    Question.radios("offender_age", false,
                            "under-18", "18-25", "26-40", "41-60", "over-60", "unknown"),
                    Question.radios("offender_height", false, "short", "average", "tall", "unknown"),
                    Question.radios("offender_build", false, "slim", "medium", "heavy", "unknown"),
                    Question.textarea("offender_description", false, 1000))),
            new Section("vehicles", List.of(
                    Question.textarea("vehicles", false, 500))),
            new Section("harm", List.of(
                    Question.checkboxes("harm", "injured", "property-damaged", "property-stolen", "money-lost",
                            "none"),
                    Question.textarea("harm_details", false, 1000))),
            new Section("account", List.of(
                    Question.textarea("account", true, 8000))),
            new Section("wishes", List.of(
                    Question.radios("consent", true, "police", "record", "talk"))));

    private static final Map<String, Question> BY_NAME = SECTIONS.stream()
            .flatMap(section -> section.questions().stream())
            .collect(Collectors.toUnmodifiableMap(Question::name, Function.identity()));

    private Questionnaire() {
    }

    public static Optional<Question> question(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static Stream<Question> questions() {
        return SECTIONS.stream().flatMap(section -> section.questions().stream());
    }

    /** A titled group of questions; its title and intro are {@code section.<name>.title|intro}. */
    public record Section(String name, List<Question> questions) {

        public String titleKey() {
            return "section." + name + ".title";
        }

        public String introKey() {
            return "section." + name + ".intro";
        }
    }
}
