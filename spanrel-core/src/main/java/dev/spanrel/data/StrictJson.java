package dev.spanrel.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads exactly one JSON value from a file or a line, and refuses anything but white space after it. Jackson's
 * tree reader stops at the end of the first value, so {@code cat a.json b.json} or a stray {@code ]garbage} would
 * read as the first value alone, and the rest would be lost without a word. Errors name the file (or line) and
 * the position of the fault.
 */
public final class StrictJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StrictJson() {}

    /**
     * The one JSON value of a file; an empty file, invalid JSON or content after the value is an error.
     *
     * @param file the JSON file
     * @return the file's value
     * @throws DataFormatException if the file is missing, unreadable, empty, not JSON or holds more than one value
     */
    public static JsonNode readFile(Path file) {
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            if (parser.nextToken() == null) {
                throw new DataFormatException(file + ": the file is empty, expected JSON");
            }
            JsonNode value = parser.readValueAsTree();
            requireEnd(parser, file.toString(), true);
            return value;
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file + ": invalid JSON" + at(e.getLocation(), true, " ") + ": " + e.getOriginalMessage(), e);
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new DataFormatException(file + ": no such file", e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The one JSON value of a line of JSON Lines, or of a command-line value. {@code where} names the line
     * ({@code "in.jsonl line 3"}); positions are columns of the line.
     *
     * @param line the text of one JSON value
     * @param where what the line is, for messages
     * @return the line's value
     * @throws DataFormatException if the line is blank, not JSON or holds more than one value
     */
    public static JsonNode readLine(String line, String where) {
        try (JsonParser parser = MAPPER.createParser(line)) {
            if (parser.nextToken() == null) {
                throw new DataFormatException(where + ": no JSON value");
            }
            JsonNode value = parser.readValueAsTree();
            requireEnd(parser, where, false);
            return value;
        } catch (JsonProcessingException e) {
            throw new DataFormatException(where + ": malformed JSON" + at(e.getLocation(), false, " ") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(where + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a parser whose value is complete has nothing but white space left, for readers that stream a
     * value themselves. {@code inFile} says whether positions are given as line and column or as a column only.
     *
     * @param parser a parser just past the end of a value
     * @param where the file or line being read, for messages
     * @param inFile true when reading a file, false for a single line
     * @throws DataFormatException if anything but white space follows the value
     * @throws IOException if the parser's input cannot be read
     */
    public static void requireEnd(JsonParser parser, String where, boolean inFile) throws IOException {
        JsonLocation trailing;
        try {
            if (parser.nextToken() == null) {
                return;
            }
            trailing = parser.currentTokenLocation();
        } catch (JsonProcessingException e) {
            // Not even a JSON token ("]garbage"): the parser has marked where that token starts.
            trailing = parser.currentTokenLocation();
        }
        throw new DataFormatException(where + ": unexpected content after the JSON value" + at(trailing, inFile, ", ")
                + (inFile ? " (a file holds one JSON value)" : " (a line holds one JSON value)"));
    }

    /** {@code separator + "at line L, column C"} (or the column alone for a line), or nothing when unknown. */
    private static String at(JsonLocation location, boolean inFile, String separator) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return separator + (inFile ? "at line " + location.getLineNr() + ", column " + location.getColumnNr()
                : "at column " + location.getColumnNr());
    }
}
