package dev.spanrel.data;

import dev.spanrel.AtomicFiles;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes the SpERT JSON format: a data file is an array of documents
 * {@code {"tokens", "entities": [{"type","start","end"}], "relations": [{"type","head","tail"}], "orig_id"}}
 * with word offsets and an exclusive end; a types file maps names to {@code short}, {@code verbose} (and
 * {@code symmetric} for relations). Reading validates everything a later stage would trip over, and reports it
 * with the file, document and field; a file holds one JSON value, and anything after it is an error
 * ({@link StrictJson}). Writing is atomic.
 *
 * <p>Relations of symmetric types keep the direction the file stores; the evaluator puts them in canonical
 * order, so reading and writing a file never changes it.
 */
public final class SpertJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    /** An orig_id that was a JSON integer in the source is written back as one. */
    private static final Pattern INTEGER_LITERAL = Pattern.compile("-?(0|[1-9][0-9]*)");

    private SpertJson() {}

    // ----------------------------------------------------------------------------------------- types

    /**
     * Reads a types file; types are numbered in file order, from 1 (0 is "no entity" and "no relation").
     *
     * @param typesJson the {@code *_types.json} file
     * @return its entity and relation types
     * @throws DataFormatException naming the file and the field when a type lacks {@code short}, {@code verbose}
     *     or (for a relation) {@code symmetric}, or the file is not one JSON object
     */
    public static TypeSystem readTypes(Path typesJson) {
        JsonNode root = parse(typesJson);
        String where = fileName(typesJson);
        JsonNode entities = requireObject(root, "entities", where);
        JsonNode relations = requireObject(root, "relations", where);
        List<EntityType> entityTypes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = entities.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "entities." + e.getKey();
            JsonNode spec = requireObjectValue(e.getValue(), field, where);
            entityTypes.add(new EntityType(e.getKey(), requireText(spec, "short", field, where),
                    requireText(spec, "verbose", field, where), entityTypes.size() + 1));
        }
        List<RelationType> relationTypes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = relations.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "relations." + e.getKey();
            JsonNode spec = requireObjectValue(e.getValue(), field, where);
            JsonNode symmetric = spec.get("symmetric");
            if (symmetric == null || !symmetric.isBoolean()) {
                throw new DataFormatException(where + ": " + field + ".symmetric must be true or false, found "
                        + describe(symmetric));
            }
            relationTypes.add(new RelationType(e.getKey(), requireText(spec, "short", field, where),
                    requireText(spec, "verbose", field, where), symmetric.booleanValue(), relationTypes.size() + 1));
        }
        return TypeSystem.of(entityTypes, relationTypes);
    }

    /**
     * Writes a types file that {@link #readTypes} reads back as {@code types}.
     *
     * @param file the file to write, replaced atomically
     * @param types the entity and relation types, written in their order
     */
    public static void writeTypes(Path file, TypeSystem types) {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeObjectFieldStart("entities");
                for (EntityType t : types.entityTypes()) {
                    g.writeObjectFieldStart(t.name());
                    g.writeStringField("short", t.shortName());
                    g.writeStringField("verbose", t.verboseName());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeObjectFieldStart("relations");
                for (RelationType t : types.relationTypes()) {
                    g.writeObjectFieldStart(t.name());
                    g.writeStringField("short", t.shortName());
                    g.writeStringField("verbose", t.verboseName());
                    g.writeBooleanField("symmetric", t.symmetric());
                    g.writeEndObject();
                }
                g.writeEndObject();
                g.writeEndObject();
            }
        });
    }

    // ------------------------------------------------------------------------------------- documents

    /**
     * Reads a data file, checking every document against {@code types}.
     *
     * @param file a JSON array of documents
     * @param types the types the documents' entities and relations must name
     * @return the documents in file order
     * @throws DataFormatException naming the file, the document and the field of the first fault
     */
    public static List<Document> readDocuments(Path file, TypeSystem types) {
        JsonNode root = parse(file);
        String name = fileName(file);
        if (!root.isArray()) {
            throw new DataFormatException(name + ": expected a JSON array of documents, found " + describe(root));
        }
        List<Document> docs = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            docs.add(readDocument(root.get(i), new Where(name, i, ""), types));
        }
        return List.copyOf(docs);
    }

    /**
     * Writes a data file that {@link #readDocuments} reads back as {@code docs}.
     *
     * @param file the file to write, replaced atomically
     * @param docs the documents, in the order to write them
     */
    public static void writeDocuments(Path file, List<Document> docs) {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.writeStartArray();
                for (Document doc : docs) {
                    writeDocument(g, doc);
                }
                g.writeEndArray();
            }
        });
    }

    private static void writeDocument(JsonGenerator g, Document doc) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("tokens");
        for (String token : doc.tokens()) {
            g.writeString(token);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("entities");
        for (EntityMention e : doc.entities()) {
            g.writeStartObject();
            g.writeStringField("type", e.type().name());
            g.writeNumberField("start", e.start());
            g.writeNumberField("end", e.end());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("relations");
        for (RelationMention r : doc.relations()) {
            g.writeStartObject();
            g.writeStringField("type", r.type().name());
            g.writeNumberField("head", r.head());
            g.writeNumberField("tail", r.tail());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (!doc.origId().isEmpty()) {
            if (INTEGER_LITERAL.matcher(doc.origId()).matches()) {
                g.writeFieldName("orig_id");
                g.writeNumber(new BigInteger(doc.origId()));
            } else {
                g.writeStringField("orig_id", doc.origId());
            }
        }
        g.writeEndObject();
    }

    /** Where a value sits, for messages: {@code file: document 17 (orig_id 5012): }. */
    private record Where(String file, int document, String origId) {
        String at(String field) {
            String id = origId.isEmpty() ? "" : " (orig_id " + origId + ")";
            return file + ": document " + document + id + ": " + field;
        }
    }

    private static Document readDocument(JsonNode node, Where position, TypeSystem types) {
        if (!node.isObject()) {
            throw new DataFormatException(position.at("expected a JSON object, found " + describe(node)));
        }
        String origId = readOrigId(node.get("orig_id"), position);
        Where where = new Where(position.file(), position.document(), origId);

        JsonNode tokensNode = requireArray(node, "tokens", where);
        List<String> tokens = new ArrayList<>(tokensNode.size());
        for (int t = 0; t < tokensNode.size(); t++) {
            JsonNode token = tokensNode.get(t);
            if (!token.isTextual()) {
                throw new DataFormatException(where.at("tokens[" + t + "] must be a string, found " + describe(token)));
            }
            tokens.add(token.textValue());
        }

        JsonNode entitiesNode = requireArray(node, "entities", where);
        List<EntityMention> entities = new ArrayList<>(entitiesNode.size());
        Set<EntityMention> seen = new HashSet<>();
        for (int e = 0; e < entitiesNode.size(); e++) {
            String field = "entities[" + e + "]";
            JsonNode entity = requireElementObject(entitiesNode.get(e), field, where);
            String typeName = requireString(entity, field + ".type", where);
            EntityType type = types.findEntityType(typeName).orElseThrow(() -> new DataFormatException(
                    where.at(field + ".type '" + typeName + "' is not an entity type of the type system; known: "
                            + names(types.entityTypes().stream().map(EntityType::name).toList()))));
            int start = requireInt(entity, field + ".start", where);
            int end = requireInt(entity, field + ".end", where);
            if (start < 0 || start >= tokens.size()) {
                throw new DataFormatException(where.at(field + ".start = " + start + " is outside the "
                        + tokens.size() + " tokens"));
            }
            if (end > tokens.size()) {
                throw new DataFormatException(where.at(field + ".end = " + end + " is outside the "
                        + tokens.size() + " tokens"));
            }
            if (end <= start) {
                throw new DataFormatException(where.at(field + " is empty: start = " + start + ", end = " + end
                        + " (end is exclusive and must be greater than start)"));
            }
            EntityMention mention = new EntityMention(type, start, end);
            if (!seen.add(mention)) {
                throw new DataFormatException(where.at(field + " repeats entity " + typeName + " [" + start + ", "
                        + end + ") of an earlier entry"));
            }
            entities.add(mention);
        }

        JsonNode relationsNode = requireArray(node, "relations", where);
        List<RelationMention> relations = new ArrayList<>(relationsNode.size());
        for (int r = 0; r < relationsNode.size(); r++) {
            String field = "relations[" + r + "]";
            JsonNode relation = requireElementObject(relationsNode.get(r), field, where);
            String typeName = requireString(relation, field + ".type", where);
            RelationType type = types.findRelationType(typeName).orElseThrow(() -> new DataFormatException(
                    where.at(field + ".type '" + typeName + "' is not a relation type of the type system; known: "
                            + names(types.relationTypes().stream().map(RelationType::name).toList()))));
            int head = requireEntityIndex(relation, field + ".head", entities.size(), where);
            int tail = requireEntityIndex(relation, field + ".tail", entities.size(), where);
            if (head == tail) {
                throw new DataFormatException(where.at(field + " relates entity " + head + " to itself (head == tail)"));
            }
            relations.add(new RelationMention(type, head, tail));
        }
        return new Document(origId, tokens, entities, relations);
    }

    private static String readOrigId(JsonNode id, Where where) {
        if (id == null || id.isNull()) {
            return "";
        }
        if (id.isIntegralNumber() || id.isTextual()) {
            return id.asText();
        }
        throw new DataFormatException(where.at("orig_id must be an integer or a string, found " + describe(id)));
    }

    private static int requireEntityIndex(JsonNode node, String field, int entityCount, Where where) {
        int index = requireInt(node, field.substring(field.lastIndexOf('.') + 1), field, where);
        if (index < 0 || index >= entityCount) {
            throw new DataFormatException(where.at(field + " = " + index + " is not an index into the "
                    + entityCount + " entities"));
        }
        return index;
    }

    private static int requireInt(JsonNode node, String field, Where where) {
        return requireInt(node, field.substring(field.lastIndexOf('.') + 1), field, where);
    }

    private static int requireInt(JsonNode node, String key, String field, Where where) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new DataFormatException(where.at(field + " is missing"));
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new DataFormatException(where.at(field + " must be an integer, found " + describe(value)));
        }
        return value.intValue();
    }

    private static String requireString(JsonNode node, String field, Where where) {
        JsonNode value = node.get(field.substring(field.lastIndexOf('.') + 1));
        if (value == null) {
            throw new DataFormatException(where.at(field + " is missing"));
        }
        if (!value.isTextual()) {
            throw new DataFormatException(where.at(field + " must be a string, found " + describe(value)));
        }
        return value.textValue();
    }

    private static JsonNode requireArray(JsonNode node, String key, Where where) {
        JsonNode value = node.get(key);
        if (value == null) {
            throw new DataFormatException(where.at(key + " is missing"));
        }
        if (!value.isArray()) {
            throw new DataFormatException(where.at(key + " must be an array, found " + describe(value)));
        }
        return value;
    }

    private static JsonNode requireElementObject(JsonNode value, String field, Where where) {
        if (!value.isObject()) {
            throw new DataFormatException(where.at(field + " must be an object, found " + describe(value)));
        }
        return value;
    }

    // ------------------------------------------------------------------------------------ plumbing

    private static JsonNode parse(Path file) {
        return StrictJson.readFile(file);
    }

    private static JsonNode requireObject(JsonNode root, String key, String where) {
        if (!root.isObject()) {
            throw new DataFormatException(where + ": expected a JSON object with \"entities\" and \"relations\", found "
                    + describe(root));
        }
        JsonNode value = root.get(key);
        if (value == null || !value.isObject()) {
            throw new DataFormatException(where + ": " + key + " must be an object of types, found " + describe(value));
        }
        return value;
    }

    private static JsonNode requireObjectValue(JsonNode value, String field, String where) {
        if (!value.isObject()) {
            throw new DataFormatException(where + ": " + field + " must be an object, found " + describe(value));
        }
        return value;
    }

    private static String requireText(JsonNode spec, String key, String field, String where) {
        JsonNode value = spec.get(key);
        if (value == null || !value.isTextual()) {
            throw new DataFormatException(where + ": " + field + "." + key + " must be a string, found " + describe(value));
        }
        return value.textValue();
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    private static String names(List<String> names) {
        return String.join(", ", names);
    }

    /** A short description of a JSON value for error messages. */
    private static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        String kind = value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        if (value.isContainerNode()) {
            return "an " + (value.isArray() ? "array" : "object");
        }
        String text = value.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
