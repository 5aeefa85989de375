<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>AccessibilityPass</name>
    <message>
        <source>Plain answers about clinical trials and about this app</source>
        <translation>Respuestas sencillas sobre los ensayos clínicos y sobre esta aplicación</translation>
    </message>
    <message>
        <source>Clear every answer from this screen and go back to the first page</source>
        <translation>Borra todas las respuestas de esta pantalla y vuelve a la primera página</translation>
    </message>
    <message>
        <source>Begin the questions. Each one can be skipped.</source>
        <translation>Empieza las preguntas. Puede saltar cualquiera.</translation>
    </message>
    <message>
        <source>Show the app in this language</source>
        <translation>Mostrar la aplicación en este idioma</translation>
    </message>
    <message>
        <source>Change this answer</source>
        <translation>Cambiar esta respuesta</translation>
    </message>
    <message>
        <source>Show the studies that may fit these answers</source>
        <translation>Mostrar los estudios que pueden encajar con estas respuestas</translation>
    </message>
    <message>
        <source>Go back to the question before</source>
        <translation>Volver a la pregunta anterior</translation>
    </message>
    <message>
        <source>Go on without answering. This never rules out a study.</source>
        <translation>Seguir sin responder. Esto nunca descarta un estudio.</translation>
    </message>
    <message>
        <source>Keep this answer and go on</source>
        <translation>Guardar esta respuesta y seguir</translation>
    </message>
</context>
<context>
    <name>DiagnosisPage</name>
    <message>
        <source>Suggested names</source>
        <translation>Nombres sugeridos</translation>
    </message>
</context>
<context>
    <name>DisplayControls</name>
    <message>
        <source>Smaller text</source>
        <translation>Letra más pequeña</translation>
    </message>
    <message>
        <source>Text size now: %1%</source>
        <translation>Tamaño de letra actual: %1%</translation>
    </message>
    <message>
        <source>Smaller text (Ctrl and minus)</source>
        <translation>Letra más pequeña (Ctrl y menos)</translation>
    </message>
    <message>
        <source>Bigger text</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <source>Bigger text (Ctrl and plus)</source>
        <translation>Letra más grande (Ctrl y más)</translation>
    </message>
    <message>
        <source>High contrast: on</source>
        <translation>Alto contraste: sí</translation>
    </message>
    <message>
        <source>High contrast: off</source>
        <translation>Alto contraste: no</translation>
    </message>
    <message>
        <source>White text on black, for poor sight</source>
        <translation>Letras blancas sobre fondo negro, para quien ve poco</translation>
    </message>
</context>
<context>
    <name>LocationPage</name>
    <message>
        <source>We found this place.</source>
        <translation>Encontramos este lugar.</translation>
    </message>
</context>
<context>
    <name>NumberUnitPage</name>
    <message>
        <source>Please type a number, or choose “Not sure”.</source>
        <translation>Escriba un número o elija «No sé».</translation>
    </message>
    <message>
        <source>That number looks too large or too small. Please check it.</source>
        <translation>Ese número parece demasiado grande o demasiado pequeño. Revíselo, por favor.</translation>
    </message>
</context>
<context>
    <name>ReadAloudButton</name>
    <message>
        <source>Reads the question or study summary on this screen out loud</source>
        <translation>Lee en voz alta la pregunta o el resumen del estudio de esta pantalla</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message numerus="yes">
        <source>%n studies are stored on this device.</source>
        <translation>
            <numerusform>Hay %n estudio guardado en este equipo.</numerusform>
            <numerusform>Hay %n estudios guardados en este equipo.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Age</source>
        <translation>Edad</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Peso</translation>
    </message>
    <message>
        <source>Illness</source>
        <translation>Enfermedad</translation>
    </message>
    <message>
        <source>Stage of the illness</source>
        <translation>Etapa de la enfermedad</translation>
    </message>
    <message>
        <source>Treatments so far</source>
        <translation>Tratamientos recibidos</translation>
    </message>
    <message>
        <source>Last treatment</source>
        <translation>Último tratamiento</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Salud</translation>
    </message>
    <message>
        <source>Daily activity</source>
        <translation>Actividad diaria</translation>
    </message>
    <message>
        <source>Where you live</source>
        <translation>Dónde vive</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitida</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>No se preguntó</translation>
    </message>
    <message>
        <source>Your answers</source>
        <translation>Sus respuestas</translation>
    </message>
    <message>
        <source>Check your answers. You can change any of them now or later. Then see the studies.</source>
        <translation>Revise sus respuestas. Puede cambiar cualquiera ahora o más tarde. Luego vea los estudios.</translation>
    </message>
    <message>
        <source>See the studies</source>
        <translation>Ver los estudios</translation>
    </message>
</context>
</TS>
