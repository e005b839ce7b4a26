package dev.digitrecognizer.trainer.synth;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The fonts the trainer draws digits, letters and symbols with: every TrueType and OpenType file in
 * the folders below, which Debian's font packages (listed in test.sh) install under
 * {@code /usr/share/fonts}. The tests draw their held-out sets with other packages (test-fixtures'
 * {@code HeldOutDrawings}), so that the fonts the service is measured on are fonts it never saw.
 */
public final class FontBook {
    /** The folders under truetype/ and opentype/ the packages install into. */
    public static final List<String> FOLDERS = List.of(
            "adf",
            "andika",
            "blankenburg",
            "breip",
            "cabin",
            "cantarell",
            "cmu",
            "crosextra",
            "dancingscript",
            "dustin",
            "ebgaramond",
            "euterpe",
            "fantasque-sans",
            "femkeklaver",
            "firacode",
            "fonts-oldstandard",
            "freefont",
            "gentiumplus",
            "hack",
            "inconsolata",
            "junicode",
            "jura",
            "league-spartan",
            "linux-libertine",
            "lobster",
            "lobstertwo",
            "mplus",
            "open-sans",
            "quicksand",
            "radisnoir",
            "roboto",
            "staypuft",
            "tlwg",
            "vollkorn",
            "yanone-kaffeesatz");
    /** Where to find the Debian packages that install them. */
    private static final String PACKAGES = "the fonts-* packages test.sh lists";

    private final List<Font> fonts;

    private FontBook(List<Font> fonts) {
        this.fonts = List.copyOf(fonts);
    }

    /** Every font of {@link #FOLDERS} under {@code root} that draws all ten digits. */
    public static FontBook load(Path root) {
        List<Font> fonts = new ArrayList<>();
        for (String kind : List.of("truetype", "opentype")) {
            for (String folder : FOLDERS) {
                Path dir = root.resolve(kind).resolve(folder);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(FontBook::isFontFile).sorted().forEach(file -> read(file, fonts));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (fonts.size() < 50) {
            throw new IllegalStateException(
                    "only " + fonts.size() + " training fonts under " + root + "; install " + PACKAGES);
        }
        return new FontBook(fonts);
    }

    private static boolean isFontFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ttf") || name.endsWith(".otf");
    }

    private static void read(Path file, List<Font> fonts) {
        try {
            Font font = Font.createFont(Font.TRUETYPE_FONT, file.toFile());
            // Linux Biolinum Keyboard draws each character on a key cap.
            if (font.canDisplayUpTo("0123456789") == -1 && !font.getFontName().contains("Keyboard")) {
                fonts.add(font);
            }
        } catch (FontFormatException | IOException e) {
            // A file Java cannot read is one font fewer, not a failed run.
        }
    }

    public List<Font> fonts() {
        return fonts;
    }
}
