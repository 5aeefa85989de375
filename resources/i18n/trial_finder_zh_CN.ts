<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccessibilityPass</name>
    <message>
        <source>Plain answers about clinical trials and about this app</source>
        <translation>关于临床试验和本应用的简单解答</translation>
    </message>
    <message>
        <source>Clear every answer from this screen and go back to the first page</source>
        <translation>清除此屏幕上的所有回答，并回到第一页</translation>
    </message>
    <message>
        <source>Begin the questions. Each one can be skipped.</source>
        <translation>开始回答问题。每个问题都可以跳过。</translation>
    </message>
    <message>
        <source>Show the app in this language</source>
        <translation>用这种语言显示本应用</translation>
    </message>
    <message>
        <source>Change this answer</source>
        <translation>修改这个回答</translation>
    </message>
    <message>
        <source>Show the studies that may fit these answers</source>
        <translation>显示可能符合这些回答的研究</translation>
    </message>
    <message>
        <source>Go back to the question before</source>
        <translation>回到上一个问题</translation>
    </message>
    <message>
        <source>Go on without answering. This never rules out a study.</source>
        <translation>不回答，继续下一步。这绝不会排除任何研究。</translation>
    </message>
    <message>
        <source>Keep this answer and go on</source>
        <translation>保存这个回答并继续</translation>
    </message>
</context>
<context>
    <name>DiagnosisPage</name>
    <message>
        <source>Suggested names</source>
        <translation>建议的名称</translation>
    </message>
</context>
<context>
    <name>DisplayControls</name>
    <message>
        <source>Smaller text</source>
        <translation>字体变小</translation>
    </message>
    <message>
        <source>Text size now: %1%</source>
        <translation>当前字体大小：%1%</translation>
    </message>
    <message>
        <source>Smaller text (Ctrl and minus)</source>
        <translation>字体变小（Ctrl 加减号）</translation>
    </message>
    <message>
        <source>Bigger text</source>
        <translation>字体变大</translation>
    </message>
    <message>
        <source>Bigger text (Ctrl and plus)</source>
        <translation>字体变大（Ctrl 加加号）</translation>
    </message>
    <message>
        <source>High contrast: on</source>
        <translation>高对比度：开</translation>
    </message>
    <message>
        <source>High contrast: off</source>
        <translation>高对比度：关</translation>
    </message>
    <message>
        <source>White text on black, for poor sight</source>
        <translation>黑底白字，方便视力不好的人阅读</translation>
    </message>
</context>
<context>
    <name>LocationPage</name>
    <message>
        <source>We found this place.</source>
        <translation>我们找到了这个地方。</translation>
    </message>
</context>
<context>
    <name>NumberUnitPage</name>
    <message>
        <source>Please type a number, or choose “Not sure”.</source>
        <translation>请输入一个数字，或选择“不确定”。</translation>
    </message>
    <message>
        <source>That number looks too large or too small. Please check it.</source>
        <translation>这个数字似乎太大或太小，请再检查一下。</translation>
    </message>
</context>
<context>
    <name>ReadAloudButton</name>
    <message>
        <source>Reads the question or study summary on this screen out loud</source>
        <translation>朗读此屏幕上的问题或研究摘要</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message numerus="yes">
        <source>%n studies are stored on this device.</source>
        <translation>
            <numerusform>本设备上存有 %n 项研究。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Age</source>
        <translation>年龄</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Illness</source>
        <translation>疾病</translation>
    </message>
    <message>
        <source>Stage of the illness</source>
        <translation>病情阶段</translation>
    </message>
    <message>
        <source>Treatments so far</source>
        <translation>目前为止的治疗</translation>
    </message>
    <message>
        <source>Last treatment</source>
        <translation>最近一次治疗</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <source>Daily activity</source>
        <translation>日常活动</translation>
    </message>
    <message>
        <source>Where you live</source>
        <translation>居住地</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Not asked</source>
        <translation>未询问</translation>
    </message>
    <message>
        <source>Your answers</source>
        <translation>您的回答</translation>
    </message>
    <message>
        <source>Check your answers. You can change any of them now or later. Then see the studies.</source>
        <translation>请检查您的回答。您现在或以后都可以修改任何一项。然后查看研究。</translation>
    </message>
    <message>
        <source>See the studies</source>
        <translation>查看研究</translation>
    </message>
</context>
</TS>
