import { useState } from 'react';
import { Button, Image, Text, Video, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { QUIZ_PASS, QUIZ_QUESTIONS } from '../../../../../types/course-rules';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { queryValue } from '../../../../components/booking/params';
import { useLesson } from '../../../../hooks/useLearning';
import { packagedImageSrc } from '../../../../services/packaged-images';
import { routes } from '../../../../services/routes';
import '../../learning.css';
import './index.css';

/** One picture of the lesson with its caption; when it cannot be shown, the caption stays and says so. */
function LessonImage({ url, caption }: { url: string; caption: string }) {
  const [broken, setBroken] = useState(false);
  return (
    <View className='lesson__figure'>
      {broken ? (
        <View className='lesson__image-missing'>
          <Text>图片暂时打不开</Text>
        </View>
      ) : (
        <Image className='lesson__image' src={packagedImageSrc(url)} mode='widthFix' nativeProps={{ alt: caption }} onError={() => setBroken(true)} />
      )}
      <Text className='lesson__caption'>{caption}</Text>
    </View>
  );
}

/**
 * 线上学习: the lesson of a course — its text at a comfortable reading size (larger in 长辈版), pictures with their
 * captions, the video when there is one — and, at the end, the way to the 3-question quiz.
 */
export default function LessonPage() {
  const { params } = useRouter();
  const courseId = queryValue(params.courseId) ?? '';
  const lesson = useLesson(courseId);
  const data = lesson.data;
  return (
    <Screen className='lesson'>
      <StateView loading={lesson.loading} error={lesson.error} empty={!data} emptyText='' onRetry={lesson.reload}>
        {data ? (
          <View>
            <Text className='lesson__title'>{data.title}</Text>
            {data.videoUrl ? (
              <View className='lesson__video-box'>
                <Video className='lesson__video' src={data.videoUrl} controls showFullscreenBtn showPlayBtn showCenterPlayBtn objectFit='contain' />
                <Text className='lesson__caption'>课程视频：点一下中间的播放按钮开始看</Text>
              </View>
            ) : null}
            <View className='card lesson__body'>
              {data.blocks.map((b, i) =>
                b.type === 'text' ? (
                  <Text key={i} className='lesson__text'>
                    {b.text}
                  </Text>
                ) : (
                  <LessonImage key={i} url={b.url} caption={b.caption} />
                ),
              )}
            </View>
            <View className='card lesson__end'>
              <Text className='lesson__end-title'>学完了，做个小测验</Text>
              <Text className='lesson__end-note'>
                {QUIZ_QUESTIONS}道题，答对{QUIZ_PASS}道就通过，通过后记上红色积分。
              </Text>
              <Button className='btn-primary learn-main' onClick={() => void Taro.navigateTo({ url: routes.quiz(courseId) })}>
                开始测验
              </Button>
            </View>
          </View>
        ) : null}
      </StateView>
      {lesson.error ? (
        <Button className='btn-secondary learn-more' onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: routes.course(courseId) }))}>
          返回课程
        </Button>
      ) : null}
    </Screen>
  );
}
